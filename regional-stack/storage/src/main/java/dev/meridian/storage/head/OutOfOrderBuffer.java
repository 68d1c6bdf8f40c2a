package dev.meridian.storage.head;

import java.util.Arrays;

/**
 * Samples of one series that arrived older than its last sample (out of order, but inside the
 * accepted window), kept sorted and uncompressed until the block they belong to is flushed. Rare
 * in practice, so simple arrays; not thread-safe (the series' lock guards it).
 */
final class OutOfOrderBuffer {
    private long[] timestamps = new long[4];
    private double[] values = new double[4];
    private int size;

    int size() {
        return size;
    }

    long timestamp(int i) {
        return timestamps[i];
    }

    double value(int i) {
        return values[i];
    }

    /** Index of {@code t}, or {@code -(insertion point) - 1}. */
    int find(long t) {
        return Arrays.binarySearch(timestamps, 0, size, t);
    }

    /** Inserts a sample whose timestamp is not in the buffer. */
    void insert(long t, double v) {
        int at = -find(t) - 1;
        if (at < 0) {
            throw new IllegalArgumentException("timestamp " + t + " is already buffered");
        }
        if (size == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        System.arraycopy(timestamps, at, timestamps, at + 1, size - at);
        System.arraycopy(values, at, values, at + 1, size - at);
        timestamps[at] = t;
        values[at] = v;
        size++;
    }

    /** Removes the samples before {@code t}; returns how many. */
    int dropBefore(long t) {
        int keepFrom = find(t);
        if (keepFrom < 0) {
            keepFrom = -keepFrom - 1;
        }
        if (keepFrom == 0) {
            return 0;
        }
        System.arraycopy(timestamps, keepFrom, timestamps, 0, size - keepFrom);
        System.arraycopy(values, keepFrom, values, 0, size - keepFrom);
        size -= keepFrom;
        return keepFrom;
    }

    /** Index of the first sample at or after {@code t}. */
    int lowerBound(long t) {
        int i = find(t);
        return i < 0 ? -i - 1 : i;
    }

    /** Copies of the timestamps with index in {@code [start, end)}. */
    long[] copyTimes(int start, int end) {
        return Arrays.copyOfRange(timestamps, start, end);
    }

    /** Copies of the values with index in {@code [start, end)}. */
    double[] copyValues(int start, int end) {
        return Arrays.copyOfRange(values, start, end);
    }

    long retainedBytes() {
        return 16 + 2L * (16 + 8L * timestamps.length);
    }
}
