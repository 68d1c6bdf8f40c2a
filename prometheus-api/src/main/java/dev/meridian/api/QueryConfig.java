package dev.meridian.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.config.StrictYaml;
import java.util.Set;

/**
 * The {@code query} block that every role serving this API has in its YAML config (a region's
 * read coordinator, the global gateway):
 *
 * <pre>
 * query: {maxSeries: 500000, maxSamples: 50000000, maxRange: 32d, timeout: 2m, maxConcurrency: 20}
 * </pre>
 *
 * @param limits the API's limits; absent keys keep {@link ApiLimits#DEFAULT}'s values
 * @param maxConcurrency queries and lookups that run at once; more wait for a free slot
 */
public record QueryConfig(ApiLimits limits, int maxConcurrency) {
    /** Prometheus' {@code --query.max-concurrency} default. */
    public static final int DEFAULT_MAX_CONCURRENCY = 20;
    public static final QueryConfig DEFAULT = new QueryConfig(ApiLimits.DEFAULT, DEFAULT_MAX_CONCURRENCY);
    private static final Set<String> KEYS = Set.of("maxSeries", "maxSamples", "maxRange", "timeout", "maxConcurrency");

    public QueryConfig {
        requireNonNull(limits, "limits is null");
        if (maxConcurrency <= 0) {
            throw new IllegalArgumentException("maxConcurrency must be > 0 (got: " + maxConcurrency + ")");
        }
    }

    /** The {@code query} mapping of {@code root}, or {@link #DEFAULT} if there is none; problems name {@code query.<key>}. */
    public static QueryConfig read(StrictYaml yaml, JsonNode root) {
        JsonNode query = yaml.optionalMapping(null, root, "query", KEYS, "expected a mapping of query limits");
        if (query == null) {
            return DEFAULT;
        }
        ApiLimits d = ApiLimits.DEFAULT;
        ApiLimits limits = new ApiLimits((int) yaml.positive("query", query, "maxSeries", d.maxSeries(), Integer.MAX_VALUE),
                yaml.positive("query", query, "maxSamples", d.maxSamples(), Long.MAX_VALUE),
                yaml.duration("query", query, "maxRange", d.maxRange()),
                yaml.duration("query", query, "timeout", d.queryTimeout()));
        return new QueryConfig(limits, (int) yaml.positive("query", query, "maxConcurrency", DEFAULT_MAX_CONCURRENCY, 10_000));
    }
}
