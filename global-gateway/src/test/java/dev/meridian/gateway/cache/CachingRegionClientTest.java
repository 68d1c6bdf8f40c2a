package dev.meridian.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.gateway.region.CallOptions;
import dev.meridian.gateway.region.QueryResult;
import dev.meridian.gateway.region.RegionException;
import dev.meridian.gateway.region.RegionQuery;
import dev.meridian.gateway.region.StoreQuery;
import dev.meridian.promql.storage.SelectHints;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CachingRegionClientTest {
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    /** Midnight, so hour h of the test day is {@code DAY + h * HOUR}. */
    private static final long DAY = Math.floorDiv(1_700_000_000_000L, 24 * HOUR) * 24 * HOUR;
    private static final String EXPR = "sum by (job) (rate(http_requests_total[5m]))";
    private static final CallOptions CACHEABLE = CallOptions.within(TimeUnit.MINUTES.toNanos(1), true);

    private final CountingRegionClient region = new CountingRegionClient();
    private final MutableClock clock = new MutableClock(at(10, 30));

    private static long at(int hour, int minute) {
        return DAY + hour * HOUR + minute * MINUTE;
    }

    private CachingRegionClient cached(ResultsCacheConfig config) {
        return new ResultsCache(config, clock).decorate(region);
    }

    private CachingRegionClient cached() {
        return cached(ResultsCacheConfig.defaults());
    }

    private static ResultsCacheConfig windowsPerFetch(int windows) {
        return new ResultsCacheConfig(Duration.ofHours(1), Duration.ofMinutes(10), 64L << 20, windows);
    }

    private static QueryResult get(CompletableFuture<QueryResult> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    /** The last six hours up to now, by minute: windows 4:30-4:59 (partial), 5 to 9, and 10:00-10:30 (fresh). */
    private RegionQuery lastSixHours() {
        return new RegionQuery(EXPR, clock.millis() - 6 * HOUR, clock.millis(), MINUTE);
    }

    private List<RegionQuery> queriesSince(int index) {
        return region.queries.subList(index, region.queries.size());
    }

    private void assertSameAsUncached(RegionQuery query, QueryResult result) {
        QueryResult direct = region.evaluate(query);
        assertThat(result.series()).isEqualTo(direct.series());
        assertThat(result.warnings()).isEqualTo(direct.warnings());
    }

    @Test
    void repeatedRangeQueryHitsOldWindowsAndFetchesOnlyTheFreshOne() throws Exception {
        CachingRegionClient client = cached();
        RegionQuery query = lastSixHours();

        QueryResult first = get(client.query(query, CACHEABLE));
        QueryResult second = get(client.query(query, CACHEABLE));

        assertThat(region.queries).containsExactly(query, new RegionQuery(EXPR, at(10, 0), at(10, 30), MINUTE));
        assertSameAsUncached(query, first);
        assertSameAsUncached(query, second);
        CacheStats stats = client.cache().stats();
        assertThat(stats.hits()).isEqualTo(6);
        assertThat(stats.misses()).isEqualTo(6);
        assertThat(stats.fresh()).isEqualTo(2);
        assertThat(stats.fetches()).isEqualTo(2);
        assertThat(stats.entries()).isEqualTo(6);
    }

    @Test
    void reloadWithShiftedStartOnTheSameStepGridReusesWindows() throws Exception {
        CachingRegionClient client = cached();
        get(client.query(lastSixHours(), CACHEABLE));
        clock.advance(Duration.ofMinutes(5));
        RegionQuery reload = lastSixHours();

        QueryResult result = get(client.query(reload, CACHEABLE));

        // 4:35-4:59 comes from the 4:30-4:59 part cached by the first load.
        assertThat(queriesSince(1)).containsExactly(new RegionQuery(EXPR, at(10, 0), at(10, 35), MINUTE));
        assertSameAsUncached(reload, result);
    }

    @Test
    void anotherStepGridDoesNotReuseWindows() throws Exception {
        CachingRegionClient client = cached();
        RegionQuery query = lastSixHours();
        get(client.query(query, CACHEABLE));
        RegionQuery offGrid = new RegionQuery(EXPR, query.start() + 30_000, query.end(), MINUTE);

        QueryResult result = get(client.query(offGrid, CACHEABLE));

        // Every window missed: one fetch over all the query's steps (the last at 10:29:30).
        assertThat(queriesSince(1)).containsExactly(new RegionQuery(EXPR, offGrid.start(), offGrid.end() - 30_000, MINUTE));
        assertSameAsUncached(offGrid, result);
    }

    @Test
    void anotherExpressionOrStepDoesNotReuseWindows() throws Exception {
        CachingRegionClient client = cached();
        RegionQuery query = lastSixHours();
        get(client.query(query, CACHEABLE));
        RegionQuery otherExpr = new RegionQuery("up", query.start(), query.end(), MINUTE);
        RegionQuery otherStep = new RegionQuery(EXPR, query.start(), query.end(), 2 * MINUTE);

        get(client.query(otherExpr, CACHEABLE));
        get(client.query(otherStep, CACHEABLE));

        assertThat(queriesSince(1)).containsExactly(otherExpr, otherStep);
    }

    @Test
    void windowsAnsweredWithWarningsAreNotCached() throws Exception {
        CachingRegionClient client = cached(windowsPerFetch(1));
        region.warnRange = new long[] {at(7, 10), at(7, 10)};
        RegionQuery query = lastSixHours();

        QueryResult first = get(client.query(query, CACHEABLE));
        int fetched = region.queries.size();
        QueryResult second = get(client.query(query, CACHEABLE));

        assertThat(fetched).isEqualTo(7);
        assertThat(first.warnings()).containsExactly("storage node n2 did not answer");
        assertThat(queriesSince(fetched)).containsExactly(
                new RegionQuery(EXPR, at(7, 0), at(7, 59), MINUTE),
                new RegionQuery(EXPR, at(10, 0), at(10, 30), MINUTE));
        assertThat(second.warnings()).containsExactly("storage node n2 did not answer");
        assertThat(second.series()).isEqualTo(region.evaluate(query).series());
    }

    @Test
    void failedFetchesAreNotCachedAndARetryFetchesOnlyWhatFailed() throws Exception {
        CachingRegionClient client = cached(windowsPerFetch(2));
        region.failRange = new long[] {at(7, 10), at(7, 10)};
        RegionQuery query = lastSixHours();

        assertThatThrownBy(() -> get(client.query(query, CACHEABLE)))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RegionException.class)
                .hasMessageContaining("1 of 3 replicas answered");
        // Fetches of two windows each: 4:30-5:59, 6:00-7:59 (fails), 8:00-9:59, 10:00-10:30.
        assertThat(region.queries).hasSize(4);
        region.failRange = null;

        QueryResult retry = get(client.query(query, CACHEABLE));

        assertThat(queriesSince(4)).containsExactly(
                new RegionQuery(EXPR, at(6, 0), at(7, 59), MINUTE),
                new RegionQuery(EXPR, at(10, 0), at(10, 30), MINUTE));
        assertSameAsUncached(query, retry);
    }

    @Test
    void callsThatAreNotCacheableOrInstantPassThrough() throws Exception {
        CachingRegionClient client = cached();
        RegionQuery query = lastSixHours();
        CallOptions notCacheable = CallOptions.within(TimeUnit.MINUTES.toNanos(1), false);
        RegionQuery instant = new RegionQuery(EXPR, at(9, 0), at(9, 0), 0);

        get(client.query(query, notCacheable));
        get(client.query(query, notCacheable));
        get(client.query(instant, CACHEABLE));

        assertThat(region.queries).containsExactly(query, query, instant);
        assertThat(client.cache().stats().entries()).isZero();
        assertThat(client.cache().stats().bypasses()).isEqualTo(3);
    }

    @Test
    void otherCallsPassThrough() throws Exception {
        CachingRegionClient client = cached();

        client.store(new StoreQuery(List.of(), 0, 1, SelectHints.ofRange(0, 1)), CACHEABLE).get();
        client.series(List.of(), 0, 1, CACHEABLE).get();
        client.labelNames(List.of(), 0, 1, CACHEABLE).get();
        client.labelValues("job", List.of(), 0, 1, CACHEABLE).get();
        client.metadata("", CACHEABLE).get();

        assertThat(region.otherCalls).containsExactly("store", "series", "labelNames", "labelValues", "metadata");
        assertThat(client.name()).isEqualTo("eu");
        assertThat(client.info()).isEqualTo(region.info());
    }

    @Test
    void stitchedResultsEqualUncachedResultsForManyShapes() throws Exception {
        region.cFrom = at(6, 17);
        CachingRegionClient client = cached(windowsPerFetch(3));
        List<RegionQuery> queries = List.of(
                lastSixHours(),
                new RegionQuery(EXPR, at(2, 13), at(9, 41), MINUTE),            // starts and ends mid-window
                new RegionQuery(EXPR, at(3, 0), at(8, 0), 7 * MINUTE),          // step not dividing the hour
                new RegionQuery(EXPR, at(1, 30), at(10, 30), 2 * HOUR),         // step longer than a window
                new RegionQuery(EXPR, at(5, 0) + 15_000, at(9, 0), 15_000),     // 15s grid off the minute
                new RegionQuery(EXPR, at(6, 0), at(6, 0) + MINUTE, MINUTE),     // two steps
                new RegionQuery(EXPR, at(9, 59), at(10, 1), MINUTE));           // across a window edge into fresh
        for (int round = 0; round < 2; round++) {
            for (RegionQuery query : queries) {
                assertSameAsUncached(query, get(client.query(query, CACHEABLE)));
            }
        }
        assertThat(client.cache().stats().hits()).isPositive();
    }

    @Test
    void partialWindowsAnswerOnlyQueriesNeedingNoMoreSteps() throws Exception {
        CachingRegionClient client = cached();
        get(client.query(new RegionQuery(EXPR, at(4, 30), at(5, 59), MINUTE), CACHEABLE));

        get(client.query(new RegionQuery(EXPR, at(4, 40), at(5, 59), MINUTE), CACHEABLE));
        get(client.query(new RegionQuery(EXPR, at(4, 20), at(5, 59), MINUTE), CACHEABLE));

        assertThat(queriesSince(1)).containsExactly(new RegionQuery(EXPR, at(4, 20), at(4, 59), MINUTE));
        // The wider fetch replaced the narrower entry, so 4:20 now answers from the cache.
        get(client.query(new RegionQuery(EXPR, at(4, 20), at(5, 59), MINUTE), CACHEABLE));
        assertThat(region.queries).hasSize(2);
    }

    @Test
    void maximumWeightEvictsWindows() throws Exception {
        CachingRegionClient big = cached();
        get(big.query(lastSixHours(), CACHEABLE));
        long sixWindows = big.cache().stats().weightBytes();
        CachingRegionClient small = cached(new ResultsCacheConfig(Duration.ofHours(1), Duration.ofMinutes(10),
                sixWindows / 3, 24));

        get(small.query(lastSixHours(), CACHEABLE));
        int before = region.queries.size();
        get(small.query(lastSixHours(), CACHEABLE));

        CacheStats stats = small.cache().stats();
        assertThat(stats.evictions()).isPositive();
        assertThat(stats.entries()).isLessThan(6);
        assertThat(stats.weightBytes()).isLessThanOrEqualTo(sixWindows / 3);
        assertThat(stats.misses()).isGreaterThan(6);
        assertThat(queriesSince(before)).hasSizeGreaterThan(1);
    }

    @Test
    void cancellingTheQueryCancelsItsFetches() {
        CachingRegionClient client = cached(windowsPerFetch(2));
        region.hang = true;

        CompletableFuture<QueryResult> query = client.query(lastSixHours(), CACHEABLE);
        query.cancel(true);

        assertThat(region.hung).hasSize(4).allSatisfy(fetch -> assertThat(fetch).isCancelled());
        assertThat(client.cache().stats().entries()).isZero();
    }
}
