package dev.meridian.gateway.cache;

import static java.util.Objects.requireNonNull;

import dev.meridian.gateway.region.CallOptions;
import dev.meridian.gateway.region.Listing;
import dev.meridian.gateway.region.Metadata;
import dev.meridian.gateway.region.QueryResult;
import dev.meridian.gateway.region.RegionClient;
import dev.meridian.gateway.region.RegionInfo;
import dev.meridian.gateway.region.RegionQuery;
import dev.meridian.gateway.region.StoreQuery;
import dev.meridian.gateway.region.StoreResult;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.value.RangeSeries;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One region with its range queries answered through the shared {@link ResultsCache}; every
 * other call goes straight to the region.
 *
 * <h2>Algorithm</h2>
 *
 * A range query ({@code step > 0}) whose {@link CallOptions#cacheable()} is set:
 * <ol>
 *   <li>is split into windows ({@link QueryWindows}): windows aligned to multiples of the split
 *       interval in absolute time, each holding the query's steps that fall in it. A window is
 *       keyed by region, expression, step, {@code start mod step} and window index ({@link
 *       WindowKey}), so a later query with another start but the same step grid finds it.
 *   <li>For each window: if its last step is newer than {@code now - freshness} it is fresh and is
 *       fetched (samples may still arrive for it). Otherwise, if the cache holds the window
 *       covering the steps needed, those points are a hit; if not, a miss to fetch.
 *   <li>Consecutive windows to fetch go to the region as one range query over their steps (at
 *       most {@code maxWindowsPerFetch} windows each; separate fetches run in parallel).
 *   <li>A fetch's answer is cut into its windows. Each window that is not fresh is cached, unless
 *       the answer had warnings (it may be incomplete). Failed fetches cache nothing, so a retry
 *       fetches only the windows that failed; fetches that succeed are cached even when another
 *       fetch of the same query failed.
 *   <li>The windows' series are joined back into one result: series merged by labels, points in
 *       time order, series in label order; the warnings, samples read and wire bytes are those of
 *       the fetches made. If any fetch fails, the query fails with its RegionException.
 * </ol>
 * A window fetched by a query that starts or ends inside it is cached with just the steps
 * fetched, and answers later queries needing no more than those: a dashboard reloaded with its
 * start moved forward still finds its first, partial window.
 *
 * <p>Instant queries, queries that are not cacheable, Store and the metadata calls pass through.
 */
public final class CachingRegionClient implements RegionClient {
    private final RegionClient delegate;
    private final ResultsCache cache;

    public CachingRegionClient(RegionClient delegate, ResultsCache cache) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.cache = requireNonNull(cache, "cache is null");
    }

    /** The cache this client shares with the other regions' clients. */
    public ResultsCache cache() {
        return cache;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public RegionInfo info() {
        return delegate.info();
    }

    @Override
    public CompletableFuture<QueryResult> query(RegionQuery query, CallOptions options) {
        requireNonNull(query, "query is null");
        requireNonNull(options, "options is null");
        if (query.instant() || !options.cacheable()) {
            cache.bypasses.increment();
            return delegate.query(query, options);
        }
        List<QueryWindows.Window> windows;
        try {
            windows = QueryWindows.split(query.start(), query.end(), query.step(), cache.config().splitInterval().toMillis());
        } catch (ArithmeticException e) {
            cache.bypasses.increment(); // times at the ends of the long range: not worth caching
            return delegate.query(query, options);
        }
        return new Lookup(query, options, windows).run();
    }

    /** One cached range query: which windows hit, the fetches for the rest, and the join. */
    private final class Lookup {
        private final RegionQuery query;
        private final CallOptions options;
        private final List<QueryWindows.Window> windows;
        private final long freshFrom;
        /** Per window: its series once known (from the cache or a fetch). */
        private final List<List<RangeSeries>> windowSeries = new ArrayList<>();
        private final List<Fetch> fetches = new ArrayList<>();
        private final CompletableFuture<QueryResult> result = new CompletableFuture<>();

        Lookup(RegionQuery query, CallOptions options, List<QueryWindows.Window> windows) {
            this.query = query;
            this.options = options;
            this.windows = windows;
            this.freshFrom = cache.nowMillis() - cache.config().freshness().toMillis();
        }

        CompletableFuture<QueryResult> run() {
            int maxPerFetch = cache.config().maxWindowsPerFetch();
            Fetch open = null;
            for (int i = 0; i < windows.size(); i++) {
                QueryWindows.Window window = windows.get(i);
                windowSeries.add(null);
                if (window.lastStep() >= freshFrom) {
                    cache.fresh.increment();
                } else {
                    Optional<CachedWindow> hit = cache.lookup(key(window), window.firstStep(), window.lastStep());
                    if (hit.isPresent()) {
                        windowSeries.set(i, SeriesStitcher.slice(hit.get().series(), window.firstStep(), window.lastStep()));
                        open = null;
                        continue;
                    }
                }
                if (open == null || open.count == maxPerFetch) {
                    open = new Fetch(i);
                    fetches.add(open);
                }
                open.count++;
            }
            for (Fetch fetch : fetches) {
                fetch.start();
            }
            result.whenComplete((done, failure) -> {
                if (failure instanceof CancellationException) {
                    fetches.forEach(fetch -> fetch.future.cancel(true));
                }
            });
            finishIfDone();
            return result;
        }

        private WindowKey key(QueryWindows.Window window) {
            return new WindowKey(delegate.name(), query.expr(), query.step(), Math.floorMod(query.start(), query.step()),
                    window.index());
        }

        /** Joins the windows once every fetch answered. */
        private void finishIfDone() {
            List<List<RangeSeries>> parts;
            synchronized (this) {
                for (Fetch fetch : fetches) {
                    if (fetch.answer == null) {
                        return;
                    }
                }
                parts = List.copyOf(windowSeries);
            }
            SeriesStitcher stitcher = new SeriesStitcher();
            parts.forEach(stitcher::add);
            Set<String> warnings = new LinkedHashSet<>();
            long samplesRead = 0;
            long wireBytes = 0;
            for (Fetch fetch : fetches) {
                warnings.addAll(fetch.answer.warnings());
                samplesRead += fetch.answer.samplesRead();
                wireBytes += fetch.answer.wireBytes();
            }
            result.complete(new QueryResult(stitcher.series(), List.copyOf(warnings), samplesRead, wireBytes));
        }

        /** One range query to the region for {@link #count} consecutive windows from {@link #first}. */
        private final class Fetch {
            final int first;
            int count;
            CompletableFuture<QueryResult> future;
            volatile QueryResult answer;

            Fetch(int first) {
                this.first = first;
            }

            void start() {
                QueryWindows.Window from = windows.get(first);
                QueryWindows.Window to = windows.get(first + count - 1);
                cache.fetches.increment();
                future = delegate.query(new RegionQuery(query.expr(), from.firstStep(), to.lastStep(), query.step()), options);
                future.whenComplete((answer, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(unwrap(failure));
                        return;
                    }
                    answered(answer);
                });
            }

            private void answered(QueryResult answer) {
                boolean complete = answer.warnings().isEmpty();
                for (int i = first; i < first + count; i++) {
                    QueryWindows.Window window = windows.get(i);
                    List<RangeSeries> series = SeriesStitcher.slice(answer.series(), window.firstStep(), window.lastStep());
                    if (complete && window.lastStep() < freshFrom) {
                        cache.store(key(window), new CachedWindow(window.firstStep(), window.lastStep(), series));
                    }
                    synchronized (Lookup.this) {
                        windowSeries.set(i, series);
                    }
                }
                synchronized (Lookup.this) {
                    this.answer = answer;
                }
                finishIfDone();
            }
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    @Override
    public CompletableFuture<StoreResult> store(StoreQuery query, CallOptions options) {
        return delegate.store(query, options);
    }

    @Override
    public CompletableFuture<Listing<Labels>> series(List<List<LabelMatcher>> matcherSets, long start, long end,
            CallOptions options) {
        return delegate.series(matcherSets, start, end, options);
    }

    @Override
    public CompletableFuture<Listing<String>> labelNames(List<List<LabelMatcher>> matcherSets, long start, long end,
            CallOptions options) {
        return delegate.labelNames(matcherSets, start, end, options);
    }

    @Override
    public CompletableFuture<Listing<String>> labelValues(String name, List<List<LabelMatcher>> matcherSets, long start,
            long end, CallOptions options) {
        return delegate.labelValues(name, matcherSets, start, end, options);
    }

    @Override
    public CompletableFuture<Listing<Metadata>> metadata(String metric, CallOptions options) {
        return delegate.metadata(metric, options);
    }

    @Override
    public String toString() {
        return "CachingRegionClient{" + delegate + "}";
    }
}
