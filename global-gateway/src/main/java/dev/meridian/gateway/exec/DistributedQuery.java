package dev.meridian.gateway.exec;

import static java.util.Objects.requireNonNull;

import dev.meridian.gateway.plan.DistributedPlan;
import dev.meridian.gateway.plan.PrunedRegion;
import dev.meridian.gateway.plan.Pushdown;
import dev.meridian.gateway.plan.QueryRange;
import dev.meridian.gateway.plan.RawSelection;
import dev.meridian.gateway.plan.RegionPart;
import dev.meridian.gateway.plan.RegionTargets;
import dev.meridian.gateway.region.QueryResult;
import dev.meridian.gateway.region.RegionClient;
import dev.meridian.gateway.region.RegionException;
import dev.meridian.gateway.region.RegionInfo;
import dev.meridian.gateway.region.RegionQuery;
import dev.meridian.gateway.region.StoreQuery;
import dev.meridian.gateway.region.StoreResult;
import dev.meridian.promql.ErrorCode;
import dev.meridian.promql.PromqlException;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.ExternalResults;
import dev.meridian.promql.engine.Query;
import dev.meridian.promql.parser.Parser;
import dev.meridian.promql.storage.Queryable;
import dev.meridian.promql.storage.SelectHints;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Runs one {@link DistributedPlan}:
 *
 * <ol>
 *   <li>starts every region call of the plan at once: each part of each pushdown in each of its
 *       target regions, and each raw selection in each of its regions (a pushdown's share of a
 *       region whose lookback differs is evaluated by the gateway's engine over that region's
 *       store, on the executor);
 *   <li>waits for all of them, or the deadline (then the rest time out and are canceled), or a
 *       failure that decides the query ({@link RegionCalls});
 *   <li>merges each pushdown's results over the regions that answered and evaluates the query
 *       with the gateway's engine, the merged results standing in for the pushed nodes and raw
 *       selections read from the fetched series. Should a region fail a call the evaluation
 *       makes itself (a selection the plan did not foresee), the evaluation starts over without
 *       that region, so a partial answer is always exactly the answer over the other regions.
 * </ol>
 */
final class DistributedQuery {
    private final Map<String, RegionClient> clients;
    private final List<RegionInfo> infos;
    private final Engine engine;
    private final Executor executor;
    private final DistributedPlan plan;
    private final QueryPolicy policy;
    private final QueryCancellation cancellation;

    /**
     * @param executor runs gateway-side evaluations; carries the caller's OpenTelemetry context
     * @param cancellation cancels the query from another thread
     */
    DistributedQuery(Map<String, RegionClient> clients, List<RegionInfo> infos, Engine engine, Executor executor,
            DistributedPlan plan, QueryPolicy policy, QueryCancellation cancellation) {
        this.clients = requireNonNull(clients, "clients is null");
        this.infos = requireNonNull(infos, "infos is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.plan = requireNonNull(plan, "plan is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.cancellation = requireNonNull(cancellation, "cancellation is null");
    }

    GatewayResult run() {
        long deadline = System.nanoTime() + policy.timeout().toNanos();
        CoverageRecorder coverage = new CoverageRecorder(plan.regions(), skipReasons(plan));
        RegionCalls calls = new RegionCalls(deadline, policy, coverage);
        try (QueryCancellation.Registration ignored = cancellation.onCancel(
                () -> calls.cancel(cancellation.reason().orElseThrow()))) {
            return run(calls, coverage);
        }
    }

    private GatewayResult run(RegionCalls calls, CoverageRecorder coverage) {
        QueryRange range = plan.range();

        Map<Pushdown, List<PushedResults.RegionShare>> shares = new LinkedHashMap<>();
        for (Pushdown pushdown : plan.pushdowns()) {
            List<PushedResults.RegionShare> regionShares = new ArrayList<>();
            for (String region : pushdown.targets().regions()) {
                List<RegionCalls.Pending<QueryResult>> parts = new ArrayList<>();
                for (RegionPart part : pushdown.parts()) {
                    RegionQuery query = new RegionQuery(part.promql(), range.start(), range.end(), range.step());
                    parts.add(calls.start(region,
                            () -> clients.get(region).query(query, calls.options(pushdown.cacheable())), Measures.QUERY));
                }
                regionShares.add(new PushedResults.RegionShare(region, parts));
            }
            for (String region : pushdown.targets().gatewayEvaluated()) {
                List<RegionCalls.Pending<QueryResult>> parts = new ArrayList<>();
                for (RegionPart part : pushdown.parts()) {
                    parts.add(calls.start(region, () -> CompletableFuture.supplyAsync(
                            () -> evaluateAtGateway(clients.get(region), part, calls), executor), Measures.QUERY));
                }
                regionShares.add(new PushedResults.RegionShare(region, parts));
            }
            shares.put(pushdown, regionShares);
        }
        List<RegionStoreQueryable.Prefetch> prefetched = new ArrayList<>();
        for (RawSelection selection : plan.rawSelections()) {
            SelectHints hints = new SelectHints(selection.read().start(), selection.read().end(), range.step(), 0, "",
                    List.of(), false);
            StoreQuery query = new StoreQuery(selection.read().matchers(), hints.start(), hints.end(), hints);
            List<RegionCalls.Pending<StoreResult>> answers = new ArrayList<>();
            for (String region : selection.targets().regions()) {
                answers.add(calls.start(region, () -> clients.get(region).store(query, calls.options(true)),
                        Measures.STORE));
            }
            prefetched.add(new RegionStoreQueryable.Prefetch(selection.read(), answers));
        }
        calls.awaitAll();

        while (true) {
            cancellation.reason().ifPresent(reason -> {
                throw new GatewayQueryException(GatewayErrorKind.CANCELED, "query canceled: " + reason,
                        coverage.snapshot(), null);
            });
            Set<String> excluded = coverage.failedRegions();
            ExternalResults external = PushedResults.merge(shares, excluded);
            Queryable store = new RegionStoreQueryable(clients, infos, prefetched, excluded, calls);
            dev.meridian.promql.engine.QueryResult result;
            try {
                result = execute(store, plan.expr(), external);
            } catch (RegionFailedDuringEvaluation e) {
                continue;
            } catch (PromqlException e) {
                String message = e.code() == ErrorCode.CANCELED && cancellation.reason().isPresent()
                        ? "query canceled: " + cancellation.reason().get()
                        : e.getMessage();
                throw new GatewayQueryException(ErrorKinds.of(e.code()), message, coverage.snapshot(), e);
            } catch (IllegalArgumentException e) {
                // A region's answer the engine cannot use, e.g. points off the query's steps.
                throw new GatewayQueryException(GatewayErrorKind.INTERNAL, e.getMessage(), coverage.snapshot(), e);
            }
            return answer(result, shares, coverage);
        }
    }

    /** Evaluates {@code expr} with the gateway's engine; canceling the query stops the evaluation. */
    private dev.meridian.promql.engine.QueryResult execute(Queryable store, Expr expr, ExternalResults external) {
        QueryRange range = plan.range();
        Query query = range.isInstant()
                ? engine.instantQuery(store, expr, range.start(), external)
                : engine.rangeQuery(store, expr, range.start(), range.end(), range.step(), external);
        try (QueryCancellation.Registration ignored = cancellation.onCancel(query::cancel)) {
            return query.execute();
        }
    }

    /** A pushdown part over one region's raw series, evaluated here (the region's lookback differs). */
    private QueryResult evaluateAtGateway(RegionClient region, RegionPart part, RegionCalls calls) {
        OneRegionStore store = new OneRegionStore(region, calls.options(true), policy.timeout().toMillis());
        try {
            dev.meridian.promql.engine.QueryResult result =
                    execute(store, Parser.parse(part.promql()), ExternalResults.NONE);
            return new QueryResult(ResultSeries.of(result.value()), result.warnings(), result.samplesRead(),
                    store.bytes());
        } catch (PromqlException e) {
            throw new RegionException(region.name(), RegionException.Kind.BAD_REQUEST,
                    ErrorKinds.errorType(e.code()), e.getMessage(), e);
        }
    }

    private GatewayResult answer(dev.meridian.promql.engine.QueryResult result,
            Map<Pushdown, List<PushedResults.RegionShare>> shares, CoverageRecorder coverage) {
        Coverage snapshot = coverage.snapshot();
        if (snapshot.answered() < policy.minRegions()) {
            throw new GatewayQueryException(GatewayErrorKind.UNAVAILABLE, FailurePolicy.failureMessage(policy, snapshot),
                    snapshot, null);
        }
        Set<String> failed = coverage.failedRegions();
        Set<String> warnings = new LinkedHashSet<>(FailurePolicy.warnings(snapshot));
        long samplesRead = result.samplesRead();
        for (List<PushedResults.RegionShare> regionShares : shares.values()) {
            for (PushedResults.RegionShare share : regionShares) {
                if (failed.contains(share.region())) {
                    continue;
                }
                for (RegionCalls.Pending<QueryResult> part : share.parts()) {
                    QueryResult answer = part.answer();
                    if (answer != null) {
                        samplesRead += answer.samplesRead();
                        for (String w : answer.warnings()) {
                            warnings.add("region " + share.region() + ": " + w);
                        }
                    }
                }
            }
        }
        warnings.addAll(result.warnings());
        return new GatewayResult(result.value(), List.copyOf(warnings), snapshot, plan, samplesRead);
    }

    /** Why each region that no part of the plan goes to is skipped. */
    static Map<String, String> skipReasons(DistributedPlan plan) {
        Map<String, Set<String>> reasons = new LinkedHashMap<>();
        Set<String> targeted = new LinkedHashSet<>();
        List<RegionTargets> all = new ArrayList<>();
        plan.pushdowns().forEach(p -> all.add(p.targets()));
        plan.rawSelections().forEach(r -> all.add(r.targets()));
        for (RegionTargets targets : all) {
            targeted.addAll(targets.contributing());
            for (PrunedRegion pruned : targets.pruned()) {
                reasons.computeIfAbsent(pruned.region(), k -> new LinkedHashSet<>()).add("pruned: " + pruned.reason());
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String region : plan.regions()) {
            if (targeted.contains(region)) {
                continue;
            }
            Set<String> why = reasons.get(region);
            out.put(region, why == null ? "the query reads no series" : String.join("; ", why));
        }
        return out;
    }
}
