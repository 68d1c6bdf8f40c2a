package dev.meridian.coordinator.remoteread;

import dev.meridian.promql.labels.Labels;
import dev.meridian.proto.remote.Chunk;
import dev.meridian.proto.remote.ChunkedReadResponse;
import dev.meridian.proto.remote.ChunkedSeries;
import dev.meridian.proto.remote.Label;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one series into the frames of a STREAMED_XOR_CHUNKS answer, as Prometheus'
 * {@code StreamChunkedReadResponses} does: the samples are cut into XOR chunks of at most {@link
 * XorChunkEncoder#MAX_SAMPLES} in time order, and the chunks go into {@code ChunkedReadResponse}
 * messages of one {@code ChunkedSeries} each (labels in label order, repeated in every frame of the
 * series), cut when the labels' and chunks' encoded size reaches {@code maxBytesInFrame}; each
 * message is framed by {@link ChunkedFrames}.
 *
 * <p>Prometheus stops counting after a series' first frame, so its later frames hold one chunk
 * each; here every frame is filled up to the size. Readers cannot tell the difference: they
 * concatenate a series' chunks across frames.
 */
final class ChunkedSeriesEncoder {
    private ChunkedSeriesEncoder() {}

    /** The framed messages carrying {@code series} as the answer to query {@code queryIndex}. */
    static List<byte[]> frames(int queryIndex, SeriesSamples series, int maxBytesInFrame) {
        List<Label> labels = labels(series.labels());
        int labelBytes = 0;
        for (Label label : labels) {
            labelBytes += label.getSerializedSize();
        }
        List<byte[]> frames = new ArrayList<>();
        List<Chunk> chunks = new ArrayList<>();
        long frameBytesLeft = (long) maxBytesInFrame - labelBytes;
        for (int from = 0; from < series.count(); from += XorChunkEncoder.MAX_SAMPLES) {
            int to = Math.min(series.count(), from + XorChunkEncoder.MAX_SAMPLES);
            Chunk chunk = XorChunkEncoder.encode(series.timestamps(), series.values(), from, to);
            chunks.add(chunk);
            frameBytesLeft -= chunk.getSerializedSize();
            if (frameBytesLeft > 0 && to < series.count()) {
                continue;
            }
            frames.add(ChunkedFrames.frame(ChunkedReadResponse.newBuilder()
                    .setQueryIndex(queryIndex)
                    .addChunkedSeries(ChunkedSeries.newBuilder().addAllLabels(labels).addAllChunks(chunks))
                    .build()
                    .toByteArray()));
            chunks.clear();
            frameBytesLeft = (long) maxBytesInFrame - labelBytes;
        }
        return frames;
    }

    private static List<Label> labels(Labels labels) {
        List<Label> out = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            out.add(Label.newBuilder().setName(labels.name(i)).setValue(labels.value(i)).build());
        }
        return out;
    }
}
