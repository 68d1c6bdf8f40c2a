package dev.meridian.gateway.cache;

/**
 * What the results cache did so far (window counts are per region window).
 *
 * @param hits windows answered from the cache
 * @param misses windows old enough to cache that had to be fetched
 * @param fresh windows too new to cache, always fetched
 * @param fetches range queries sent to regions for missing and fresh windows
 * @param bypasses calls passed through untouched (instant or not cacheable)
 * @param evictions entries dropped to stay under the size bound
 * @param entries entries held
 * @param weightBytes estimated bytes held
 */
public record CacheStats(long hits, long misses, long fresh, long fetches, long bypasses, long evictions, long entries,
        long weightBytes) {}
