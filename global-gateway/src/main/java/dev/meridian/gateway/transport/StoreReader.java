package dev.meridian.gateway.transport;

import dev.meridian.gateway.region.StoreResult;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.value.RangeSeries;
import dev.meridian.proto.region.StoreResponse;
import dev.meridian.proto.remote.Chunk;
import dev.meridian.proto.remote.ChunkedSeries;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Store stream: series in label order, each whole in one message, with Prometheus XOR
 * chunks. Decodes each series' chunks into samples in time order (chunks may overlap), clipped
 * to the queried {@code [start, end]}; a series with no sample in range is left out.
 */
final class StoreReader implements ResponseReader<StoreResponse, StoreResult> {
    private final long start;
    private final long end;
    private final List<RangeSeries> series = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final SampleBuffer buffer = new SampleBuffer();
    private Labels previous;

    StoreReader(long start, long end) {
        this.start = start;
        this.end = end;
    }

    @Override
    public void add(StoreResponse message) {
        for (ChunkedSeries chunked : message.getSeriesList()) {
            Labels labels = WireMapping.fromWire(chunked.getLabelsList());
            if (previous != null && previous.compareTo(labels) >= 0) {
                throw new IllegalArgumentException("series out of label order: " + labels + " after " + previous);
            }
            previous = labels;
            buffer.clear();
            for (Chunk chunk : chunked.getChunksList()) {
                if (chunk.getType() != Chunk.Encoding.XOR) {
                    throw new IllegalArgumentException("series " + labels + " has a chunk of encoding "
                            + chunk.getType() + " (only XOR is supported)");
                }
                try {
                    XorChunkDecoder.decode(chunk.getData().toByteArray(), buffer);
                } catch (MalformedChunkException e) {
                    throw new IllegalArgumentException("series " + labels + ": " + e.getMessage(), e);
                }
            }
            SampleBuffer.Samples samples = buffer.inRange(start, end);
            if (samples.timestamps().length > 0) {
                series.add(new RangeSeries(labels, samples.timestamps(), samples.values()));
            }
        }
        warnings.addAll(message.getWarningsList());
    }

    @Override
    public StoreResult finish(long wireBytes) {
        return new StoreResult(series, warnings, wireBytes);
    }
}
