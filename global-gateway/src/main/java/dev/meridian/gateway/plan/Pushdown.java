package dev.meridian.gateway.plan;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ast.AggregationOp;
import dev.meridian.promql.ast.Expr;
import java.util.List;

/**
 * A sub-expression the regions evaluate, and how the gateway merges their results.
 *
 * @param id the pushdown's number within its plan, from 1
 * @param node the sub-expression in the query's tree
 * @param partialOf the aggregation pushed as a partial, or {@code null} for a union
 * @param merge how the regions' results combine
 * @param substitutes the node of the query's tree whose result the merged regions' results
 *     replace when the gateway evaluates the query: {@code node} itself, except for a partial
 *     {@code topk}/{@code bottomk}, where the union of the regions' selections replaces the
 *     aggregation's operand and the gateway selects again
 * @param parts what every target region evaluates (several for {@code avg}, {@code stddev},
 *     {@code stdvar})
 * @param cacheable false if the node uses {@code @ start()} or {@code @ end()}
 */
public record Pushdown(int id, Expr node, AggregationOp partialOf, Merge merge, Expr substitutes,
        List<RegionPart> parts, RegionTargets targets, boolean cacheable) {
    public Pushdown {
        if (id < 1) {
            throw new IllegalArgumentException("id must be >= 1 (got: " + id + ")");
        }
        requireNonNull(node, "node is null");
        requireNonNull(merge, "merge is null");
        requireNonNull(substitutes, "substitutes is null");
        parts = List.copyOf(requireNonNull(parts, "parts is null"));
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a pushdown needs at least one part: " + node);
        }
        requireNonNull(targets, "targets is null");
    }

    /** {@code union} or {@code partial <op>}. */
    public String kind() {
        return partialOf == null ? "union" : "partial " + partialOf.keyword();
    }
}
