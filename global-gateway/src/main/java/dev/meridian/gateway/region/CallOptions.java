package dev.meridian.gateway.region;

/**
 * How one region call may run.
 *
 * @param deadlineNanos the {@link System#nanoTime()} by which the call must have completed; the
 *     implementation fails it with {@link RegionException.Kind#TIMEOUT} then, and tells the region
 * @param cacheable whether a results cache may answer or keep this call's result (false for
 *     e.g. a query with {@code @ start()}/{@code @ end()}, whose steps depend on the query's range)
 */
public record CallOptions(long deadlineNanos, boolean cacheable) {
    /** A deadline {@code timeoutNanos} from now. */
    public static CallOptions within(long timeoutNanos, boolean cacheable) {
        return new CallOptions(System.nanoTime() + timeoutNanos, cacheable);
    }

    /** Nanoseconds left until the deadline; negative once it passed. */
    public long remainingNanos() {
        return deadlineNanos - System.nanoTime();
    }
}
