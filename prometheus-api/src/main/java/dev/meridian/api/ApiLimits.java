package dev.meridian.api;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Limits the query API puts on each request, so that one heavy query cannot take a region's read
 * path down. Each is reported with Prometheus' error shape and a message naming it (see
 * docs/query-api.md).
 *
 * @param maxSeries most series one query, or one {@code /api/v1/series} call, may select (counted
 *     over all its selectors); over it: errorType {@code execution} (422), {@code query exceeded
 *     the limit max_series=N: ...}. Default 500,000.
 * @param maxSamples most samples a query may hold in memory at once; lowers the engine's
 *     {@code EngineConfig.maxSamples} (Prometheus' {@code --query.max-samples}) if smaller; over
 *     it: errorType {@code execution} (422), {@code query processing would load too many samples
 *     into memory in query execution (limit: N samples)}. Default 50,000,000 (Prometheus').
 * @param maxRange longest {@code end - start} of a {@code query_range}, {@code series},
 *     {@code labels} or {@code label/<name>/values} call; over it: errorType {@code bad_data}
 *     (400), {@code query exceeded the limit max_range=32d: ...}. Where Prometheus defaults a
 *     missing {@code end} to the end of time and a missing {@code start} to its beginning, the
 *     metadata endpoints default {@code end} to now and {@code start} to {@code end - maxRange}.
 *     Default 32 days (a Grafana "last 30 days" dashboard fits).
 * @param queryTimeout the default and longest time a query may run; a client's {@code timeout}
 *     parameter can only lower it, and so can the engine's own {@code EngineConfig.timeout}; past
 *     it: errorType {@code timeout} (503). Default 2 minutes (Prometheus' {@code --query.timeout}).
 */
public record ApiLimits(int maxSeries, long maxSamples, Duration maxRange, Duration queryTimeout) {
    public static final ApiLimits DEFAULT = new ApiLimits(500_000, 50_000_000, Duration.ofDays(32), Duration.ofMinutes(2));

    public ApiLimits {
        requireNonNull(maxRange, "maxRange is null");
        requireNonNull(queryTimeout, "queryTimeout is null");
        if (maxSeries <= 0) {
            throw new IllegalArgumentException("maxSeries must be > 0 (got: " + maxSeries + ")");
        }
        if (maxSamples <= 0) {
            throw new IllegalArgumentException("maxSamples must be > 0 (got: " + maxSamples + ")");
        }
        if (maxRange.toMillis() <= 0) {
            throw new IllegalArgumentException("maxRange must be >= 1ms (got: " + maxRange + ")");
        }
        if (queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw new IllegalArgumentException("queryTimeout must be > 0 (got: " + queryTimeout + ")");
        }
    }
}
