package dev.meridian.storage.head;

import static java.util.Objects.requireNonNull;

import dev.meridian.storage.chunk.Chunk;
import dev.meridian.storage.series.SeriesLabels;
import java.util.List;

/**
 * What the head holds of one series in a time range, copied out under the series' lock so that
 * queries and flushes read it without holding the lock: the chunks in time order, and the
 * out-of-order samples that have not been merged into chunks yet (they never repeat a timestamp
 * of the chunks).
 *
 * @param ref the head reference of the series
 * @param labels the series
 * @param chunks chunks overlapping the range, in time order, not overlapping each other
 * @param outOfOrderTimes timestamps of buffered out-of-order samples in the range, ascending
 * @param outOfOrderValues their values
 */
public record SeriesData(int ref, SeriesLabels labels, List<Chunk> chunks, long[] outOfOrderTimes,
        double[] outOfOrderValues) {
    static final long[] NO_TIMES = new long[0];
    static final double[] NO_VALUES = new double[0];

    public SeriesData {
        requireNonNull(labels, "labels is null");
        chunks = List.copyOf(chunks);
        requireNonNull(outOfOrderTimes, "outOfOrderTimes is null");
        requireNonNull(outOfOrderValues, "outOfOrderValues is null");
        if (outOfOrderTimes.length != outOfOrderValues.length) {
            throw new IllegalArgumentException("outOfOrderTimes and outOfOrderValues differ in length ("
                    + outOfOrderTimes.length + " != " + outOfOrderValues.length + ")");
        }
    }

    public boolean isEmpty() {
        return chunks.isEmpty() && outOfOrderTimes.length == 0;
    }

    public boolean hasOutOfOrder() {
        return outOfOrderTimes.length > 0;
    }
}
