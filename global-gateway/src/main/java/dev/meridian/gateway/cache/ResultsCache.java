package dev.meridian.gateway.cache;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.meridian.gateway.region.RegionClient;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The results cache shared by all regions' {@link CachingRegionClient}s: one Caffeine cache of
 * region query windows bounded by estimated bytes ({@link ResultWeigher}), the clock that decides
 * which windows are too fresh to cache, and the counters behind {@link #stats()}. Thread-safe.
 */
public final class ResultsCache {
    private final ResultsCacheConfig config;
    private final Clock clock;
    private final Cache<WindowKey, CachedWindow> windows;
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder fresh = new LongAdder();
    final LongAdder fetches = new LongAdder();
    final LongAdder bypasses = new LongAdder();

    public ResultsCache(ResultsCacheConfig config) {
        this(config, Clock.systemUTC());
    }

    /** @param clock the wall clock freshness is measured against (a fixed one in tests) */
    public ResultsCache(ResultsCacheConfig config, Clock clock) {
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.windows = Caffeine.newBuilder()
                .maximumWeight(config.maxWeightBytes())
                .weigher(ResultWeigher::weigh)
                // Maintenance (eviction) on the calling thread: the bound holds when a put returns.
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    /** {@code region} with its range queries answered through this cache. */
    public CachingRegionClient decorate(RegionClient region) {
        return new CachingRegionClient(region, this);
    }

    public ResultsCacheConfig config() {
        return config;
    }

    long nowMillis() {
        return clock.millis();
    }

    /** The cached steps {@code first..last} of a window, if an entry covers them. */
    Optional<CachedWindow> lookup(WindowKey key, long first, long last) {
        CachedWindow cached = windows.getIfPresent(key);
        if (cached == null || !cached.covers(first, last)) {
            misses.increment();
            return Optional.empty();
        }
        hits.increment();
        return Optional.of(cached);
    }

    /** Keeps a window's result unless an entry covering at least as many steps is held. */
    void store(WindowKey key, CachedWindow window) {
        windows.asMap().merge(key, window, (held, offered) -> held.covers(offered.firstStep(), offered.lastStep())
                ? held
                : offered);
    }

    public CacheStats stats() {
        windows.cleanUp();
        long weight = windows.policy().eviction().map(eviction -> eviction.weightedSize().orElse(0)).orElse(0L);
        return new CacheStats(hits.sum(), misses.sum(), fresh.sum(), fetches.sum(), bypasses.sum(),
                windows.stats().evictionCount(), windows.estimatedSize(), weight);
    }

    public void invalidateAll() {
        windows.invalidateAll();
    }
}
