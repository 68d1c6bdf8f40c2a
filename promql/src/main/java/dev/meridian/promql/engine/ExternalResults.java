package dev.meridian.promql.engine;

import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.value.Matrix;

/**
 * Results of sub-expressions computed outside this engine, e.g. by the global gateway from the
 * regions' partial results. Before it plans an instant-vector node that is evaluated at the
 * query's own steps (anywhere outside a subquery), the engine asks for that node's result and,
 * if there is one, uses it instead of evaluating the node and its children.
 *
 * <p>Nodes are compared by identity, so the answer is about one place in the expression tree,
 * not every equal subtree. A result is a {@link Matrix}: for each output series its labels
 * (unique within the result) and one point per query step at which the series has a value
 * (for an instant query, at most one point, at the query time). What {@code series} the node
 * evaluates to elsewhere, and whether that is correct, is the provider's business; the engine
 * checks only the shape.
 */
@FunctionalInterface
public interface ExternalResults {
    /** No sub-expression has an external result; the engine evaluates everything. */
    ExternalResults NONE = expr -> null;

    /** The result of {@code node} at the query's steps, or {@code null} to evaluate it here. */
    Matrix resultOf(Expr node);
}
