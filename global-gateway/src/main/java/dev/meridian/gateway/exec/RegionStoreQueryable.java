package dev.meridian.gateway.exec;

import static java.util.Objects.requireNonNull;

import dev.meridian.gateway.plan.PruneRegions;
import dev.meridian.gateway.plan.SelectorRead;
import dev.meridian.gateway.region.CallOptions;
import dev.meridian.gateway.region.Listing;
import dev.meridian.gateway.region.RegionClient;
import dev.meridian.gateway.region.RegionInfo;
import dev.meridian.gateway.region.StoreQuery;
import dev.meridian.gateway.region.StoreResult;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.Queryable;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.storage.Series;
import dev.meridian.promql.storage.SeriesSet;
import dev.meridian.promql.value.RangeSeries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The regions' raw series as one {@link Queryable}, for the selectors the gateway's engine
 * evaluates itself. A selection the plan fetched before evaluation ({@link Prefetch}, same
 * matchers, covering time range) is answered from those answers; any other is fanned out to the
 * regions that may hold it ({@link PruneRegions}), concurrently and within the request's deadline.
 * Regions in {@code excluded} (failed earlier) are left out. The regions' series are disjoint, so
 * the answer is their series side by side, sorted by labels.
 *
 * <p>If a region fails a call made here, the evaluation already used that region's pushed
 * results; {@link RegionFailedDuringEvaluation} makes the caller start over without it.
 */
final class RegionStoreQueryable implements Queryable {
    /** Raw series fetched for one selection before evaluation, one call per target region. */
    record Prefetch(SelectorRead read, List<RegionCalls.Pending<StoreResult>> answers) {
        Prefetch {
            requireNonNull(read, "read is null");
            answers = List.copyOf(answers);
        }
    }

    private final Map<String, RegionClient> clients;
    private final List<RegionInfo> infos;
    private final List<Prefetch> prefetched;
    private final Set<String> excluded;
    private final RegionCalls calls;

    RegionStoreQueryable(Map<String, RegionClient> clients, List<RegionInfo> infos, List<Prefetch> prefetched,
            Set<String> excluded, RegionCalls calls) {
        this.clients = Map.copyOf(requireNonNull(clients, "clients is null"));
        this.infos = List.copyOf(requireNonNull(infos, "infos is null"));
        this.prefetched = List.copyOf(requireNonNull(prefetched, "prefetched is null"));
        this.excluded = Set.copyOf(requireNonNull(excluded, "excluded is null"));
        this.calls = requireNonNull(calls, "calls is null");
    }

    @Override
    public Querier querier(long mint, long maxt) {
        return new Querier() {
            @Override
            public SeriesSet select(SelectHints hints, List<LabelMatcher> matchers) {
                List<RegionCalls.Pending<StoreResult>> answers = prefetched(hints, matchers);
                if (answers == null) {
                    SelectorRead read = new SelectorRead(matchers, hints.start(), hints.end());
                    answers = live(read, (client, options) -> client.store(
                            new StoreQuery(matchers, hints.start(), hints.end(), hints), options), Measures.STORE);
                }
                return seriesSet(answers);
            }

            @Override
            public List<String> labelNames(List<LabelMatcher> matchers) {
                return merged(live(new SelectorRead(matchers, mint, maxt),
                        (client, options) -> client.labelNames(List.of(matchers), mint, maxt, options),
                        Measures.listing()));
            }

            @Override
            public List<String> labelValues(String name, List<LabelMatcher> matchers) {
                return merged(live(new SelectorRead(matchers, mint, maxt),
                        (client, options) -> client.labelValues(name, List.of(matchers), mint, maxt, options),
                        Measures.listing()));
            }

            @Override
            public void close() {}
        };
    }

    private List<RegionCalls.Pending<StoreResult>> prefetched(SelectHints hints, List<LabelMatcher> matchers) {
        for (Prefetch p : prefetched) {
            if (p.read().matchers().equals(matchers) && p.read().covers(hints.start(), hints.end())) {
                return p.answers();
            }
        }
        return null;
    }

    private interface Call<T> {
        CompletableFuture<T> start(RegionClient client, CallOptions options);
    }

    /** Calls every region that may hold {@code read} now and waits for them. */
    private <T> List<RegionCalls.Pending<T>> live(SelectorRead read, Call<T> call, RegionCalls.Measure<T> measure) {
        List<RegionCalls.Pending<T>> answers = new ArrayList<>();
        for (RegionInfo info : infos) {
            if (excluded.contains(info.name()) || PruneRegions.reasonToSkip(read, info) != null) {
                continue;
            }
            RegionClient client = clients.get(info.name());
            answers.add(calls.start(info.name(), () -> call.start(client, calls.options(true)), measure));
        }
        calls.awaitAll();
        for (RegionCalls.Pending<T> answer : answers) {
            if (!answer.ok()) {
                throw new RegionFailedDuringEvaluation(answer.region());
            }
        }
        return answers;
    }

    private SeriesSet seriesSet(List<RegionCalls.Pending<StoreResult>> answers) {
        List<RangeSeries> all = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (RegionCalls.Pending<StoreResult> answer : answers) {
            StoreResult result = answer.answer();
            if (result == null || excluded.contains(answer.region())) {
                continue;
            }
            all.addAll(result.series());
            for (String w : result.warnings()) {
                warnings.add("region " + answer.region() + ": " + w);
            }
        }
        all.sort(Comparator.comparing(RangeSeries::labels));
        List<Series> series = new ArrayList<>(all.size());
        for (RangeSeries s : all) {
            series.add(new StoredSeries(s));
        }
        return SeriesSet.of(series, warnings);
    }

    private static List<String> merged(List<RegionCalls.Pending<Listing<String>>> answers) {
        TreeSet<String> out = new TreeSet<>(Labels.NAME_ORDER);
        for (RegionCalls.Pending<Listing<String>> answer : answers) {
            out.addAll(answer.answer().items());
        }
        return List.copyOf(out);
    }
}
