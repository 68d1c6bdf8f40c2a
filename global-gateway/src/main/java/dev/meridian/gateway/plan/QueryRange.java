package dev.meridian.gateway.plan;

/**
 * The evaluation times of a query (milliseconds): a range query {@code start..end} every
 * {@code step}, or an instant query at {@code start == end} with {@code step == 0}.
 */
public record QueryRange(long start, long end, long step) {
    public QueryRange {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0 (got: " + step + "ms)");
        }
        if (end < start) {
            throw new IllegalArgumentException("end must not be before start (got: " + start + ".." + end + ")");
        }
        if (step == 0 && start != end) {
            throw new IllegalArgumentException(
                    "an instant query (step 0) needs start == end (got: " + start + ".." + end + ")");
        }
    }

    public static QueryRange instant(long time) {
        return new QueryRange(time, time, 0);
    }

    public boolean isInstant() {
        return step == 0;
    }
}
