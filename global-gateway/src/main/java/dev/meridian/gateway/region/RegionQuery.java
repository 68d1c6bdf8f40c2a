package dev.meridian.gateway.region;

import static java.util.Objects.requireNonNull;

/**
 * An instant-vector expression for one region: a range query {@code start..end} by {@code step}
 * (ms), or an instant query at {@code start == end} with {@code step == 0}.
 *
 * @param expr PromQL text, e.g. {@code sum by (job) (rate(x[5m]))}
 */
public record RegionQuery(String expr, long start, long end, long step) {
    public RegionQuery {
        requireNonNull(expr, "expr is null");
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0 (got: " + step + "ms)");
        }
        if (end < start) {
            throw new IllegalArgumentException("end must not be before start (got: " + start + ".." + end + ")");
        }
        if (step == 0 && start != end) {
            throw new IllegalArgumentException("an instant query (step 0) needs start == end (got: " + start + ".." + end + ")");
        }
    }

    public boolean instant() {
        return step == 0;
    }
}
