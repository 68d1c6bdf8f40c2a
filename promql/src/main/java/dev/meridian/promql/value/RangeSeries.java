package dev.meridian.promql.value;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import java.util.Arrays;

/**
 * One series of a {@link Matrix}: labels and points in time order. The arrays are owned by this
 * object; callers must not modify them.
 */
public final class RangeSeries {
    private final Labels labels;
    private final long[] timestamps;
    private final double[] values;

    public RangeSeries(Labels labels, long[] timestamps, double[] values) {
        this.labels = requireNonNull(labels, "labels is null");
        this.timestamps = requireNonNull(timestamps, "timestamps is null");
        this.values = requireNonNull(values, "values is null");
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException("timestamps and values differ in length ("
                    + timestamps.length + " vs " + values.length + ")");
        }
    }

    public Labels labels() {
        return labels;
    }

    public int size() {
        return timestamps.length;
    }

    public long timestamp(int index) {
        return timestamps[index];
    }

    public double value(int index) {
        return values[index];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RangeSeries other
                && labels.equals(other.labels)
                && Arrays.equals(timestamps, other.timestamps)
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * labels.hashCode() + Arrays.hashCode(timestamps);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(labels.toString()).append(" =>");
        for (int i = 0; i < timestamps.length; i++) {
            out.append(' ').append(values[i]).append(" @").append(timestamps[i]);
        }
        return out.toString();
    }
}
