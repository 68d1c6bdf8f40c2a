package dev.meridian.gateway.cache;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The knobs of the range-query results cache. See global-gateway/docs/region-client.md, "Results
 * cache".
 *
 * @param splitInterval the width of a cache window; windows start at multiples of it in absolute
 *     time (epoch milliseconds). Whole milliseconds, at least 1 minute.
 * @param freshness how far back from now results may still change (samples arriving late, up to
 *     the storage's out-of-order window {@code bufferPast}): a window part holding a step newer
 *     than {@code now - freshness} is always fetched and never cached
 * @param maxWeightBytes the cache's size bound, in estimated bytes of cached results
 * @param maxWindowsPerFetch the most windows one fetch from the region covers; a longer run of
 *     missing windows goes out as several fetches in parallel, so a failure costs at most this
 *     many windows on the retry
 */
public record ResultsCacheConfig(Duration splitInterval, Duration freshness, long maxWeightBytes, int maxWindowsPerFetch) {
    public static final Duration DEFAULT_SPLIT_INTERVAL = Duration.ofHours(1);
    /** The storage's default {@code bufferPast}: samples older than this are rejected. */
    public static final Duration DEFAULT_FRESHNESS = Duration.ofMinutes(10);
    public static final long DEFAULT_MAX_WEIGHT_BYTES = 256L << 20;
    public static final int DEFAULT_MAX_WINDOWS_PER_FETCH = 24;

    public ResultsCacheConfig {
        requireNonNull(splitInterval, "splitInterval is null");
        requireNonNull(freshness, "freshness is null");
        if (splitInterval.compareTo(Duration.ofMinutes(1)) < 0 || splitInterval.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException(
                    "splitInterval must be whole milliseconds and at least 1m (got: " + splitInterval + ")");
        }
        if (freshness.isNegative()) {
            throw new IllegalArgumentException("freshness must be >= 0 (got: " + freshness + ")");
        }
        if (maxWeightBytes <= 0) {
            throw new IllegalArgumentException("maxWeightBytes must be > 0 (got: " + maxWeightBytes + ")");
        }
        if (maxWindowsPerFetch <= 0) {
            throw new IllegalArgumentException("maxWindowsPerFetch must be > 0 (got: " + maxWindowsPerFetch + ")");
        }
    }

    /** 1h windows, 10m freshness, 256 MiB, 24 windows (a day) per fetch. */
    public static ResultsCacheConfig defaults() {
        return new ResultsCacheConfig(DEFAULT_SPLIT_INTERVAL, DEFAULT_FRESHNESS, DEFAULT_MAX_WEIGHT_BYTES,
                DEFAULT_MAX_WINDOWS_PER_FETCH);
    }
}
