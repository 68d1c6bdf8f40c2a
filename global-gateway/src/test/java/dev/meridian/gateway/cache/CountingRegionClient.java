package dev.meridian.gateway.cache;

import dev.meridian.gateway.region.CallOptions;
import dev.meridian.gateway.region.Listing;
import dev.meridian.gateway.region.Metadata;
import dev.meridian.gateway.region.QueryResult;
import dev.meridian.gateway.region.RegionClient;
import dev.meridian.gateway.region.RegionException;
import dev.meridian.gateway.region.RegionInfo;
import dev.meridian.gateway.region.RegionQuery;
import dev.meridian.gateway.region.StoreQuery;
import dev.meridian.gateway.region.StoreResult;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.value.RangeSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test-only: an in-memory region whose range queries evaluate a fixed pattern of three series
 * at each step, so any two evaluations of the same step agree. Records every call; can add a
 * warning to, fail, or never answer queries that touch a given time range.
 *
 * <ul>
 *   <li>{job="a"}: every step, value t/1000
 *   <li>{job="b"}: only at steps whose minute is not a multiple of 3, value -t
 *   <li>{job="c"}: only from {@link #cFrom} on, value 1
 * </ul>
 */
final class CountingRegionClient implements RegionClient {
    final List<RegionQuery> queries = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<QueryResult>> hung = new CopyOnWriteArrayList<>();
    final List<String> otherCalls = new CopyOnWriteArrayList<>();
    volatile long cFrom = Long.MAX_VALUE;
    volatile long[] warnRange;
    volatile long[] failRange;
    volatile boolean hang;

    @Override
    public String name() {
        return "eu";
    }

    @Override
    public RegionInfo info() {
        return new RegionInfo("eu", Labels.of("region", "eu"), Long.MIN_VALUE, Long.MAX_VALUE, 300_000);
    }

    /** What the region answers for {@code query}, without recording a call. */
    QueryResult evaluate(RegionQuery query) {
        List<Long> a = new ArrayList<>();
        List<Long> b = new ArrayList<>();
        List<Long> c = new ArrayList<>();
        // An instant query (step 0) evaluates once, at start.
        long step = query.instant() ? 1 : query.step();
        for (long t = query.start(); t <= query.end(); t += step) {
            a.add(t);
            if ((t / 60_000) % 3 != 0) {
                b.add(t);
            }
            if (t >= cFrom) {
                c.add(t);
            }
        }
        List<RangeSeries> series = new ArrayList<>();
        add(series, "a", a, t -> t / 1000.0);
        add(series, "b", b, t -> -t);
        add(series, "c", c, t -> 1);
        List<String> warnings = overlaps(query, warnRange) ? List.of("storage node n2 did not answer") : List.of();
        return new QueryResult(series, warnings, a.size() + b.size() + c.size(), 100L * series.size());
    }

    private static void add(List<RangeSeries> out, String job, List<Long> times, java.util.function.LongToDoubleFunction value) {
        if (times.isEmpty()) {
            return;
        }
        long[] timestamps = times.stream().mapToLong(Long::longValue).toArray();
        double[] values = new double[timestamps.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = value.applyAsDouble(timestamps[i]);
        }
        out.add(new RangeSeries(Labels.of("job", job, "region", "eu"), timestamps, values));
    }

    private static boolean overlaps(RegionQuery query, long[] range) {
        return range != null && query.start() <= range[1] && range[0] <= query.end();
    }

    @Override
    public CompletableFuture<QueryResult> query(RegionQuery query, CallOptions options) {
        queries.add(query);
        if (hang) {
            CompletableFuture<QueryResult> never = new CompletableFuture<>();
            hung.add(never);
            return never;
        }
        if (overlaps(query, failRange)) {
            return CompletableFuture.failedFuture(
                    new RegionException("eu", RegionException.Kind.UNAVAILABLE, "1 of 3 replicas answered"));
        }
        return CompletableFuture.completedFuture(evaluate(query));
    }

    @Override
    public CompletableFuture<StoreResult> store(StoreQuery query, CallOptions options) {
        otherCalls.add("store");
        return CompletableFuture.completedFuture(new StoreResult(List.of(), List.of(), 0));
    }

    @Override
    public CompletableFuture<Listing<Labels>> series(List<List<LabelMatcher>> matcherSets, long start, long end,
            CallOptions options) {
        otherCalls.add("series");
        return CompletableFuture.completedFuture(new Listing<>(List.of(), List.of()));
    }

    @Override
    public CompletableFuture<Listing<String>> labelNames(List<List<LabelMatcher>> matcherSets, long start, long end,
            CallOptions options) {
        otherCalls.add("labelNames");
        return CompletableFuture.completedFuture(new Listing<>(List.of("job"), List.of()));
    }

    @Override
    public CompletableFuture<Listing<String>> labelValues(String name, List<List<LabelMatcher>> matcherSets, long start,
            long end, CallOptions options) {
        otherCalls.add("labelValues");
        return CompletableFuture.completedFuture(new Listing<>(List.of("a"), List.of()));
    }

    @Override
    public CompletableFuture<Listing<Metadata>> metadata(String metric, CallOptions options) {
        otherCalls.add("metadata");
        return CompletableFuture.completedFuture(new Listing<>(List.of(), List.of()));
    }
}
