package dev.meridian.gateway.exec;

import static java.util.Objects.requireNonNull;

import dev.meridian.gateway.plan.PruneRegions;
import dev.meridian.gateway.plan.PrunedRegion;
import dev.meridian.gateway.plan.RegionTargets;
import dev.meridian.gateway.plan.SelectorRead;
import dev.meridian.gateway.region.CallOptions;
import dev.meridian.gateway.region.Listing;
import dev.meridian.gateway.region.RegionClient;
import dev.meridian.gateway.region.RegionInfo;
import dev.meridian.promql.labels.LabelMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * Series, label names, label values and metadata over the regions: the same call to every region
 * that may hold matching series (pruned like selectors: by external labels and time range),
 * concurrently within the deadline, answers merged sorted and unique, with coverage and the
 * partial-response policy as for queries.
 */
final class MetadataFanOut {
    private final Map<String, RegionClient> clients;
    private final List<RegionInfo> infos;

    MetadataFanOut(Map<String, RegionClient> clients, List<RegionInfo> infos) {
        this.clients = requireNonNull(clients, "clients is null");
        this.infos = requireNonNull(infos, "infos is null");
    }

    /**
     * @param matcherSets the request's matcher sets; a region is asked if any may match there
     *     (every region overlapping the time range if there are none)
     * @param timeRange whether {@code start..end} restricts the request (not for metadata)
     */
    <T> GatewayListing<T> run(List<List<LabelMatcher>> matcherSets, long start, long end, boolean timeRange,
            QueryPolicy policy, Comparator<? super T> order,
            BiFunction<RegionClient, CallOptions, CompletableFuture<Listing<T>>> call) {
        RegionTargets targets = targets(matcherSets, start, end, timeRange);
        Map<String, String> skipped = new LinkedHashMap<>();
        for (PrunedRegion pruned : targets.pruned()) {
            skipped.put(pruned.region(), "pruned: " + pruned.reason());
        }
        List<String> names = new ArrayList<>();
        infos.forEach(info -> names.add(info.name()));
        CoverageRecorder coverage = new CoverageRecorder(names, skipped);
        RegionCalls calls = new RegionCalls(System.nanoTime() + policy.timeout().toNanos(), policy, coverage);
        List<RegionCalls.Pending<Listing<T>>> answers = new ArrayList<>();
        for (String region : targets.regions()) {
            answers.add(calls.start(region, () -> call.apply(clients.get(region), calls.options(true)),
                    Measures.listing()));
        }
        calls.awaitAll();
        Coverage snapshot = coverage.snapshot();
        if (snapshot.answered() < policy.minRegions()) {
            throw new GatewayQueryException(GatewayErrorKind.UNAVAILABLE, FailurePolicy.failureMessage(policy, snapshot),
                    snapshot, null);
        }
        TreeSet<T> items = new TreeSet<>(order);
        Set<String> warnings = new LinkedHashSet<>(FailurePolicy.warnings(snapshot));
        for (RegionCalls.Pending<Listing<T>> answer : answers) {
            Listing<T> listing = answer.answer();
            if (listing != null) {
                items.addAll(listing.items());
                for (String w : listing.warnings()) {
                    warnings.add("region " + answer.region() + ": " + w);
                }
            }
        }
        return new GatewayListing<>(List.copyOf(items), List.copyOf(warnings), snapshot);
    }

    private RegionTargets targets(List<List<LabelMatcher>> matcherSets, long start, long end, boolean timeRange) {
        if (!timeRange) {
            List<String> all = new ArrayList<>();
            infos.forEach(info -> all.add(info.name()));
            return new RegionTargets(all, List.of(), List.of());
        }
        List<SelectorRead> reads = new ArrayList<>();
        if (matcherSets.isEmpty()) {
            reads.add(new SelectorRead(List.of(), start, end));
        }
        for (List<LabelMatcher> set : matcherSets) {
            reads.add(new SelectorRead(set, start, end));
        }
        return PruneRegions.prune(reads, infos);
    }
}
