package dev.meridian.promql.engine.internal;

/**
 * Where a selector or subquery looks for a step: {@code offset} back from the step time, or from
 * the pinned {@code @} time when there is one. {@code @ start()}/{@code @ end()} are resolved to
 * timestamps before this is built.
 *
 * @param pinned whether an {@code @} time applies
 * @param atMillis the {@code @} time if pinned
 * @param offsetMillis the offset, possibly negative
 */
record TimeShift(boolean pinned, long atMillis, long offsetMillis) {
    static final TimeShift NONE = new TimeShift(false, 0, 0);

    /** The time the data is read at for a step evaluated at {@code stepTime}. */
    long reference(long stepTime) {
        return (pinned ? atMillis : stepTime) - offsetMillis;
    }
}
