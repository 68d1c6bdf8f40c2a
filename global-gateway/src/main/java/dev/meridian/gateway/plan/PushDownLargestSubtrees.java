package dev.meridian.gateway.plan;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ast.AggregateExpr;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.MatrixSelector;
import dev.meridian.promql.ast.SubqueryExpr;
import dev.meridian.promql.ast.ValueType;
import dev.meridian.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses what to push down: walking from the root, the first (outermost) node on each path that
 * is a LOCAL instant vector is pushed as a union, and the first GLOBAL aggregation with a partial
 * ({@link PushDownAggregation}) is pushed as that partial; nothing below a pushed node is looked
 * at. The largest pushable sub-expressions move the least data and leave the least work to the
 * gateway.
 *
 * <p>Some selectors stay with the gateway and read raw series: all selectors inside a subquery
 * that is not part of a pushed node (the engine evaluates subqueries on their own grid and takes
 * no external results there), matrix selectors under a GLOBAL range function such as
 * {@code absent_over_time}, and a range vector that is the whole query.
 *
 * <pre>
 * before: sort_desc(sum by (job) (rate(x[5m])) / on (job) group_left count by (job) (up))
 * after:  sort_desc(pushdown_1 / on (job) group_left pushdown_2)
 *         pushdown_1: partial sum, regions run sum by (job) (rate(x[5m]))
 *         pushdown_2: partial count, regions run count by (job) (up)
 * </pre>
 */
public final class PushDownLargestSubtrees {
    private PushDownLargestSubtrees() {}

    /** The pushed nodes, outermost first in query order, and the selectors left to read raw. */
    public record Split(List<PushdownChoice> pushed, List<VectorSelector> raw) {
        public Split {
            pushed = List.copyOf(pushed);
            raw = List.copyOf(raw);
        }
    }

    public static Split apply(Expr root, Localities known) {
        requireNonNull(root, "root is null");
        requireNonNull(known, "known is null");
        List<PushdownChoice> pushed = new ArrayList<>();
        List<VectorSelector> raw = new ArrayList<>();
        walk(root, known, pushed, raw);
        return new Split(pushed, raw);
    }

    /** The split of a plan without pushdowns: every selector reads raw series. */
    public static Split none(Expr root) {
        return new Split(List.of(), selectors(requireNonNull(root, "root is null")));
    }

    private static void walk(Expr e, Localities known, List<PushdownChoice> pushed, List<VectorSelector> raw) {
        if (e.type() == ValueType.VECTOR && known.of(e) == Locality.LOCAL) {
            pushed.add(PushdownChoice.union(e));
            return;
        }
        if (e instanceof AggregateExpr aggregation) {
            var partial = PushDownAggregation.partial(aggregation, known);
            if (partial.isPresent()) {
                pushed.add(partial.get());
                return;
            }
        }
        if (e instanceof SubqueryExpr || e instanceof MatrixSelector || e instanceof VectorSelector) {
            raw.addAll(selectors(e));
            return;
        }
        for (Expr child : ExprChildren.of(e)) {
            walk(child, known, pushed, raw);
        }
    }

    static List<VectorSelector> selectors(Expr e) {
        List<VectorSelector> out = new ArrayList<>();
        for (Expr node : ExprChildren.subtree(e)) {
            if (node instanceof VectorSelector vs) {
                out.add(vs);
            }
        }
        return out;
    }
}
