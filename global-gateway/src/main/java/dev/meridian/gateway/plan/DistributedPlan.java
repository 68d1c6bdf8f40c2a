package dev.meridian.gateway.plan;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.VectorSelector;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the gateway answers one query over the regions: the query's tree, evaluated by the
 * gateway's engine, where every {@link Pushdown}'s node is replaced by the merged results of the
 * regions that evaluated it, and every other selector reads raw series from the
 * {@link RawSelection}s' regions.
 */
public final class DistributedPlan {
    private final Expr expr;
    private final QueryRange range;
    private final long lookbackMillis;
    private final List<String> regions;
    private final Localities localities;
    private final List<Pushdown> pushdowns;
    private final List<RawSelection> rawSelections;
    private final Map<Expr, Pushdown> pushdownByNode = new IdentityHashMap<>();
    private final Map<VectorSelector, RawSelection> rawBySelector = new IdentityHashMap<>();

    /**
     * @param regions the names of all regions, in the order they were given
     * @param lookbackMillis the gateway engine's lookback delta
     */
    public DistributedPlan(Expr expr, QueryRange range, long lookbackMillis, List<String> regions,
            Localities localities, List<Pushdown> pushdowns, List<RawSelection> rawSelections) {
        this.expr = requireNonNull(expr, "expr is null");
        this.range = requireNonNull(range, "range is null");
        this.lookbackMillis = lookbackMillis;
        this.regions = List.copyOf(requireNonNull(regions, "regions is null"));
        this.localities = requireNonNull(localities, "localities is null");
        this.pushdowns = List.copyOf(requireNonNull(pushdowns, "pushdowns is null"));
        this.rawSelections = List.copyOf(requireNonNull(rawSelections, "rawSelections is null"));
        for (Pushdown p : pushdowns) {
            pushdownByNode.put(p.node(), p);
        }
        for (RawSelection r : rawSelections) {
            for (VectorSelector selector : r.selectors()) {
                rawBySelector.put(selector, r);
            }
        }
    }

    public Expr expr() {
        return expr;
    }

    public QueryRange range() {
        return range;
    }

    public long lookbackMillis() {
        return lookbackMillis;
    }

    /** The names of all regions the plan was made for. */
    public List<String> regions() {
        return regions;
    }

    public Locality locality(Expr node) {
        return localities.of(node);
    }

    public List<Pushdown> pushdowns() {
        return pushdowns;
    }

    public List<RawSelection> rawSelections() {
        return rawSelections;
    }

    /** The pushdown of {@code node} (by identity), or {@code null} if it is not pushed. */
    public Pushdown pushdownAt(Expr node) {
        return pushdownByNode.get(node);
    }

    /** The raw selection {@code selector} (by identity) reads, or {@code null}. */
    public RawSelection rawSelectionOf(VectorSelector selector) {
        return rawBySelector.get(selector);
    }

    /**
     * What the gateway's engine evaluates, as PromQL-like text: the query with each pushdown's
     * substituted node shown as {@code pushdown_<id>}, e.g. {@code sort(pushdown_1)}.
     */
    public String gatewayExpression() {
        Map<Expr, Pushdown> bySubstitute = new IdentityHashMap<>();
        for (Pushdown p : pushdowns) {
            bySubstitute.put(p.substitutes(), p);
        }
        return ExprRebuild.map(expr, e -> {
            Pushdown p = bySubstitute.get(e);
            return p == null ? null : new VectorSelector("pushdown_" + p.id(), List.of(), 0, null, e.position());
        }).toString();
    }

    /** The plan as JSON, for {@code explain}; see {@code docs/distributed-planning.md}. */
    public String toJson() {
        return PlanJson.render(this);
    }

    @Override
    public String toString() {
        return toJson();
    }
}
