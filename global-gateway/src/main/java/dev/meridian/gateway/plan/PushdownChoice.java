package dev.meridian.gateway.plan;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ast.AggregationOp;
import dev.meridian.promql.ast.Expr;
import java.util.List;

/**
 * A node chosen for pushdown, before regions are assigned: what the regions evaluate and how
 * the gateway merges it. See {@link Pushdown} for the fields.
 */
public record PushdownChoice(Expr node, AggregationOp partialOf, Merge merge, Expr substitutes, List<Part> parts) {
    public PushdownChoice {
        requireNonNull(node, "node is null");
        requireNonNull(merge, "merge is null");
        requireNonNull(substitutes, "substitutes is null");
        parts = List.copyOf(requireNonNull(parts, "parts is null"));
    }

    /** One expression the regions evaluate, and its role in the merge. */
    public record Part(String role, Expr expr) {
        public Part {
            requireNonNull(role, "role is null");
            requireNonNull(expr, "expr is null");
        }
    }

    /** The regions evaluate {@code node} as it is and the gateway takes the union. */
    public static PushdownChoice union(Expr node) {
        return new PushdownChoice(node, null, Merge.UNION, node, List.of(new Part("union", node)));
    }
}
