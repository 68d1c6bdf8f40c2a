package dev.meridian.promql.engine.internal;

import dev.meridian.promql.storage.SampleIterator;

/**
 * A {@link SampleIterator} with its next sample held in fields, so callers can look at it before
 * taking it. Selectors use it to walk a series forward as their steps advance.
 */
final class SampleCursor {
    private final SampleIterator it;
    private boolean hasNext;
    private long nextT;
    private double nextV;

    SampleCursor(SampleIterator it) {
        this.it = it;
        this.hasNext = it.next();
        load();
    }

    private void load() {
        if (hasNext) {
            nextT = it.timestamp();
            nextV = it.value();
        }
    }

    /** Whether there is a next sample. */
    boolean hasNext() {
        return hasNext;
    }

    /** Time of the next sample; only when {@link #hasNext()}. */
    long nextTimestamp() {
        return nextT;
    }

    /** Value of the next sample; only when {@link #hasNext()}. */
    double nextValue() {
        return nextV;
    }

    /** Takes the next sample. */
    void advance() {
        hasNext = it.next();
        load();
    }

    /** Skips to the first sample at or after {@code t}, if the next one is earlier. */
    void skipTo(long t) {
        if (hasNext && nextT < t) {
            hasNext = it.seek(t);
            load();
        }
    }
}
