package dev.meridian.promql.storage;

/** A {@link SampleIterator} over {@code [from, to)} of two parallel, time-sorted arrays. */
public final class ArraySampleIterator implements SampleIterator {
    private final long[] timestamps;
    private final double[] values;
    private final int from;
    private final int to;
    private int index;

    public ArraySampleIterator(long[] timestamps, double[] values, int from, int to) {
        if (from < 0 || to > timestamps.length || to > values.length || from > to) {
            throw new IllegalArgumentException("invalid range [" + from + ", " + to + ") of "
                    + timestamps.length + " samples");
        }
        this.timestamps = timestamps;
        this.values = values;
        this.from = from;
        this.to = to;
        this.index = from - 1;
    }

    public ArraySampleIterator(long[] timestamps, double[] values) {
        this(timestamps, values, 0, timestamps.length);
    }

    @Override
    public boolean next() {
        if (index < to) {
            index++;
        }
        return index < to;
    }

    @Override
    public boolean seek(long t) {
        if (index < from || (index < to && timestamps[index] < t)) {
            int lo = Math.max(index, from);
            int hi = to;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (timestamps[mid] < t) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            index = lo;
        }
        return index < to;
    }

    @Override
    public long timestamp() {
        return timestamps[index];
    }

    @Override
    public double value() {
        return values[index];
    }
}
