package dev.meridian.gateway.transport;

import dev.meridian.gateway.region.QueryResult;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.value.RangeSeries;
import dev.meridian.proto.region.QueryResponse;
import dev.meridian.proto.region.SeriesPoints;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a Query stream (region.proto): series whole in each message, warnings anywhere, and a
 * final message with {@code last = true} and {@code samples_read}. A stream that ends without
 * its last message was cut short and is refused, as is a series sent twice.
 */
final class QueryReader implements ResponseReader<QueryResponse, QueryResult> {
    private final List<RangeSeries> series = new ArrayList<>();
    private final Set<Labels> seen = new HashSet<>();
    private final List<String> warnings = new ArrayList<>();
    private long samplesRead;
    private boolean last;

    @Override
    public void add(QueryResponse message) {
        if (last) {
            throw new IllegalArgumentException("a message came after the one marked last");
        }
        for (SeriesPoints points : message.getSeriesList()) {
            Labels labels = WireMapping.fromWire(points.getLabelsList());
            if (points.getTimestampsCount() != points.getValuesCount()) {
                throw new IllegalArgumentException("series " + labels + " has " + points.getTimestampsCount()
                        + " timestamps but " + points.getValuesCount() + " values");
            }
            if (!seen.add(labels)) {
                throw new IllegalArgumentException("series " + labels + " sent twice");
            }
            long[] timestamps = new long[points.getTimestampsCount()];
            double[] values = new double[timestamps.length];
            for (int i = 0; i < timestamps.length; i++) {
                timestamps[i] = points.getTimestamps(i);
                values[i] = points.getValues(i);
                if (i > 0 && timestamps[i] <= timestamps[i - 1]) {
                    throw new IllegalArgumentException("series " + labels + " has timestamps out of order ("
                            + timestamps[i - 1] + " then " + timestamps[i] + ")");
                }
            }
            series.add(new RangeSeries(labels, timestamps, values));
        }
        warnings.addAll(message.getWarningsList());
        if (message.getLast()) {
            last = true;
            samplesRead = message.getSamplesRead();
        }
    }

    @Override
    public QueryResult finish(long wireBytes) {
        if (!last) {
            throw new IllegalArgumentException("the stream ended without its last message (" + series.size()
                    + " series received)");
        }
        return new QueryResult(series, warnings, samplesRead, wireBytes);
    }
}
