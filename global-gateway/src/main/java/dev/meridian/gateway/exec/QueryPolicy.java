package dev.meridian.gateway.exec;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How one query or metadata request treats its regions.
 *
 * @param timeout how long the request may wait for regions; at that deadline outstanding region
 *     calls are canceled and count as timed out
 * @param partialResponse what a failed region does to the request
 * @param minRegions fail the request if fewer regions answered (pruned regions count as
 *     answered); 0 for no minimum
 */
public record QueryPolicy(Duration timeout, PartialResponse partialResponse, int minRegions) {
    public QueryPolicy {
        requireNonNull(timeout, "timeout is null");
        requireNonNull(partialResponse, "partialResponse is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0 (got: " + timeout + ")");
        }
        if (minRegions < 0) {
            throw new IllegalArgumentException("minRegions must be >= 0 (got: " + minRegions + ")");
        }
    }

    public static QueryPolicy warn(Duration timeout) {
        return new QueryPolicy(timeout, PartialResponse.WARN, 0);
    }

    public static QueryPolicy abort(Duration timeout) {
        return new QueryPolicy(timeout, PartialResponse.ABORT, 0);
    }

    public QueryPolicy withMinRegions(int n) {
        return new QueryPolicy(timeout, partialResponse, n);
    }
}
