package dev.meridian.gateway.transport;

import java.util.Arrays;

/**
 * The samples of one series gathered from its chunks: appended in chunk order, then put in time
 * order (chunks may overlap), de-duplicated and clipped to the queried range.
 */
final class SampleBuffer implements XorChunkDecoder.SampleSink {
    private long[] timestamps = new long[128];
    private double[] values = new double[128];
    private int size;
    private boolean ordered = true;

    @Override
    public void accept(long timestamp, double value) {
        if (size == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        if (size > 0 && timestamp <= timestamps[size - 1]) {
            ordered = false;
        }
        timestamps[size] = timestamp;
        values[size] = value;
        size++;
    }

    void clear() {
        size = 0;
        ordered = true;
    }

    /**
     * The samples in {@code [start, end]} in time order. Where overlapping chunks hold a
     * timestamp twice, the sample of the earlier chunk is kept (replicas hold the same sample).
     */
    Samples inRange(long start, long end) {
        long[] t = timestamps;
        double[] v = values;
        int n = size;
        if (!ordered) {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            // Stable: equal timestamps keep chunk order, so the first one seen comes first.
            Arrays.sort(order, (a, b) -> Long.compare(timestamps[a], timestamps[b]));
            t = new long[n];
            v = new double[n];
            int kept = 0;
            for (int i = 0; i < n; i++) {
                long ts = timestamps[order[i]];
                if (kept > 0 && t[kept - 1] == ts) {
                    continue;
                }
                t[kept] = ts;
                v[kept] = values[order[i]];
                kept++;
            }
            n = kept;
        }
        int from = 0;
        while (from < n && t[from] < start) {
            from++;
        }
        int to = n;
        while (to > from && t[to - 1] > end) {
            to--;
        }
        return new Samples(Arrays.copyOfRange(t, from, to), Arrays.copyOfRange(v, from, to));
    }

    record Samples(long[] timestamps, double[] values) {}
}
