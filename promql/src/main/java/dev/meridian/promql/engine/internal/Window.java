package dev.meridian.promql.engine.internal;

import java.util.Arrays;

/**
 * The samples of one series inside a range window, in time order, with staleness markers left
 * out. Slides forward as steps advance; samples are contiguous from {@link #offset()} so range
 * functions can read them as plain arrays.
 */
final class Window {
    private long[] timestamps = new long[16];
    private double[] values = new double[16];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Index of the first sample in {@link #timestamps()} and {@link #values()}. */
    int offset() {
        return head;
    }

    long[] timestamps() {
        return timestamps;
    }

    double[] values() {
        return values;
    }

    long timestamp(int i) {
        return timestamps[head + i];
    }

    double value(int i) {
        return values[head + i];
    }

    /** Drops samples older than {@code min}; returns how many were dropped. */
    int dropBefore(long min) {
        if (size == 0 || timestamps[head] >= min) {
            return 0;
        }
        // Binary search for the first sample to keep.
        int lo = head;
        int hi = head + size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (timestamps[mid] < min) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int dropped = lo - head;
        head = lo;
        size -= dropped;
        if (size == 0) {
            head = 0;
        }
        return dropped;
    }

    void append(long t, double v) {
        if (head + size == timestamps.length) {
            if (head > timestamps.length / 2) {
                System.arraycopy(timestamps, head, timestamps, 0, size);
                System.arraycopy(values, head, values, 0, size);
                head = 0;
            } else {
                timestamps = Arrays.copyOf(timestamps, timestamps.length * 2);
                values = Arrays.copyOf(values, values.length * 2);
            }
        }
        timestamps[head + size] = t;
        values[head + size] = v;
        size++;
    }

    int clear() {
        int dropped = size;
        head = 0;
        size = 0;
        return dropped;
    }
}
