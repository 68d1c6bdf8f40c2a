package dev.meridian.gateway.plan;

import static java.util.Objects.requireNonNull;

import dev.meridian.gateway.region.RegionInfo;
import dev.meridian.promql.ast.At;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.SubqueryExpr;
import dev.meridian.promql.ast.VectorSelector;
import dev.meridian.promql.engine.EngineConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans a query over regions: {@link ClassifyLocality classifies} every node,
 * {@link PushDownLargestSubtrees chooses} the pushdowns (with {@link PushDownAggregation} partials),
 * {@link PinSubquerySteps pins} subquery steps in the regions' text, computes every selector's
 * {@link ReadRanges read range} and {@link PruneRegions prunes} regions per pushdown and per raw
 * selection. A region whose lookback delta differs from the gateway's is never sent a pushdown:
 * the gateway evaluates that region's share itself over its raw series.
 */
public final class DistributedPlanner {
    private final boolean pushDown;

    private DistributedPlanner(boolean pushDown) {
        this.pushDown = pushDown;
    }

    /** The planner that pushes down everything it safely can. */
    public static DistributedPlanner pushingDown() {
        return new DistributedPlanner(true);
    }

    /**
     * A planner that pushes nothing down: every selector reads raw series (with pruning). The
     * baseline that pushdowns are measured against, and a fallback for a suspected planner bug.
     */
    public static DistributedPlanner rawOnly() {
        return new DistributedPlanner(false);
    }

    /**
     * @param gateway the gateway engine's configuration (lookback delta, default subquery step)
     */
    public DistributedPlan plan(Expr expr, QueryRange range, List<RegionInfo> regions, EngineConfig gateway) {
        requireNonNull(expr, "expr is null");
        requireNonNull(range, "range is null");
        requireNonNull(regions, "regions is null");
        requireNonNull(gateway, "gateway is null");
        long lookback = gateway.lookbackDelta().toMillis();
        Set<String> externalLabelNames = new HashSet<>();
        externalLabelNames.add(RegionLabel.NAME);
        List<String> names = new ArrayList<>();
        for (RegionInfo region : regions) {
            names.add(region.name());
            for (int i = 0; i < region.externalLabels().size(); i++) {
                externalLabelNames.add(region.externalLabels().name(i));
            }
        }
        Localities localities = new ClassifyLocality(externalLabelNames).classify(expr);
        PushDownLargestSubtrees.Split split =
                pushDown ? PushDownLargestSubtrees.apply(expr, localities) : PushDownLargestSubtrees.none(expr);
        Map<VectorSelector, SelectorRead> reads = ReadRanges.of(expr, range, lookback);

        List<Pushdown> pushdowns = new ArrayList<>();
        for (PushdownChoice choice : split.pushed()) {
            List<SelectorRead> nodeReads = new ArrayList<>();
            for (VectorSelector selector : PushDownLargestSubtrees.selectors(choice.node())) {
                nodeReads.add(reads.get(selector));
            }
            RegionTargets targets = splitByLookback(PruneRegions.prune(nodeReads, regions), regions, lookback);
            List<RegionPart> parts = new ArrayList<>();
            for (PushdownChoice.Part part : choice.parts()) {
                Expr pinned = PinSubquerySteps.apply(part.expr(), gateway.defaultSubqueryStep().toMillis());
                parts.add(new RegionPart(part.role(), pinned.toString()));
            }
            pushdowns.add(new Pushdown(pushdowns.size() + 1, choice.node(), choice.partialOf(), choice.merge(),
                    choice.substitutes(), parts, targets, !dependsOnQueryRange(choice.node())));
        }

        Map<SelectorRead, List<VectorSelector>> rawReads = new LinkedHashMap<>();
        for (VectorSelector selector : split.raw()) {
            rawReads.computeIfAbsent(reads.get(selector), k -> new ArrayList<>()).add(selector);
        }
        List<RawSelection> rawSelections = new ArrayList<>();
        for (Map.Entry<SelectorRead, List<VectorSelector>> entry : rawReads.entrySet()) {
            rawSelections.add(new RawSelection(rawSelections.size() + 1, entry.getKey(), entry.getValue(),
                    PruneRegions.prune(List.of(entry.getKey()), regions)));
        }
        return new DistributedPlan(expr, range, lookback, names, localities, pushdowns, rawSelections);
    }

    /** Moves targets whose lookback differs from the gateway's to {@link RegionTargets#gatewayEvaluated()}. */
    private static RegionTargets splitByLookback(RegionTargets pruned, List<RegionInfo> regions, long lookback) {
        List<String> direct = new ArrayList<>();
        List<String> atGateway = new ArrayList<>();
        for (RegionInfo region : regions) {
            if (pruned.regions().contains(region.name())) {
                (region.lookbackDeltaMillis() == lookback ? direct : atGateway).add(region.name());
            }
        }
        return new RegionTargets(direct, atGateway, pruned.pruned());
    }

    /** Whether the node's result depends on the query's start or end ({@code @ start()}, {@code @ end()}). */
    private static boolean dependsOnQueryRange(Expr node) {
        for (Expr e : ExprChildren.subtree(node)) {
            At at = e instanceof VectorSelector vs ? vs.at() : e instanceof SubqueryExpr sq ? sq.at() : null;
            if (at != null && at.kind() != At.Kind.TIMESTAMP) {
                return true;
            }
        }
        return false;
    }
}
