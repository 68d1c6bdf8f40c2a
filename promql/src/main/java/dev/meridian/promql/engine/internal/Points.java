package dev.meridian.promql.engine.internal;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.ArraySampleIterator;
import dev.meridian.promql.storage.SampleIterator;
import dev.meridian.promql.value.RangeSeries;
import java.util.Arrays;

/** The points of one series as they are produced, in time order, in growable arrays. */
public final class Points {
    private long[] timestamps = new long[16];
    private double[] values = new double[16];
    private int size;

    public void add(long t, double v) {
        if (size == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        timestamps[size] = t;
        values[size] = v;
        size++;
    }

    public int size() {
        return size;
    }

    /** The points as a result series; the arrays are copied to their size. */
    public RangeSeries toSeries(Labels labels) {
        return new RangeSeries(labels, Arrays.copyOf(timestamps, size), Arrays.copyOf(values, size));
    }

    /** Iterates the points added so far, without copying. */
    SampleIterator iterator() {
        return new ArraySampleIterator(timestamps, values, 0, size);
    }
}
