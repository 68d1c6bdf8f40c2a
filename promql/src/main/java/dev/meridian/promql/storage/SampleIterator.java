package dev.meridian.promql.storage;

/**
 * Iterates the samples of one series in increasing timestamp order. Positioned before the first
 * sample until {@link #next()} or {@link #seek(long)} is called. Timestamps are milliseconds since
 * the epoch. A value whose bits equal {@link StaleMarker#BITS} is a staleness marker.
 */
public interface SampleIterator {
    /** Moves to the next sample; false if there is none. */
    boolean next();

    /**
     * Moves forward to the first sample with timestamp {@code >= t}; never moves backwards, so if
     * the current sample already satisfies that it stays. Returns false if there is none.
     */
    boolean seek(long t);

    /** Timestamp of the current sample. */
    long timestamp();

    /** Value of the current sample. */
    double value();
}
