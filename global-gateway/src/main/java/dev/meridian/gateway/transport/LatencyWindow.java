package dev.meridian.gateway.transport;

import java.util.Arrays;

/**
 * The last {@code capacity} latencies of a region's calls, for the hedge delay. A ring buffer:
 * recording overwrites the oldest entry; a quantile sorts a copy (capacity is small, about 100,
 * and quantiles are asked once per call). Thread-safe.
 */
public final class LatencyWindow {
    private final long[] nanos;
    private int next;
    private int size;

    public LatencyWindow(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("latency window capacity must be > 0 (got: " + capacity + ")");
        }
        this.nanos = new long[capacity];
    }

    public synchronized void record(long latencyNanos) {
        if (latencyNanos < 0) {
            throw new IllegalArgumentException("latency must be >= 0 (got: " + latencyNanos + "ns)");
        }
        nanos[next] = latencyNanos;
        next = (next + 1) % nanos.length;
        size = Math.min(size + 1, nanos.length);
    }

    /** How many latencies the window holds (at most its capacity). */
    public synchronized int size() {
        return size;
    }

    /**
     * The nearest-rank {@code quantile} of the latencies held: the smallest latency that at least
     * {@code quantile} of them do not exceed.
     *
     * @throws IllegalStateException if the window is empty
     */
    public long quantileNanos(double quantile) {
        if (!(quantile > 0 && quantile <= 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1] (got: " + quantile + ")");
        }
        long[] sorted;
        synchronized (this) {
            if (size == 0) {
                throw new IllegalStateException("no latencies recorded yet");
            }
            sorted = Arrays.copyOf(nanos, size);
        }
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
