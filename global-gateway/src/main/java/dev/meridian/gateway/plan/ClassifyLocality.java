package dev.meridian.gateway.plan;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ast.AggregateExpr;
import dev.meridian.promql.ast.BinaryExpr;
import dev.meridian.promql.ast.Call;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.MatrixSelector;
import dev.meridian.promql.ast.NumberLiteral;
import dev.meridian.promql.ast.ParenExpr;
import dev.meridian.promql.ast.StringLiteral;
import dev.meridian.promql.ast.SubqueryExpr;
import dev.meridian.promql.ast.UnaryExpr;
import dev.meridian.promql.ast.ValueType;
import dev.meridian.promql.ast.VectorSelector;
import java.util.Set;

/**
 * Classifies every node of an expression as {@link Locality#CONSTANT}, {@link Locality#LOCAL} or
 * {@link Locality#GLOBAL}, bottom-up: a node's locality follows from its children's. Leaves and
 * pass-through nodes are decided here; every other node type has its own rule class:
 *
 * <ul>
 *   <li>number and string literals: CONSTANT; selectors (instant and range): LOCAL, since every
 *       series a region returns carries {@code region};
 *   <li>parentheses and unary minus: as their operand;
 *   <li>calls: {@link RangeFunctionLocality} for functions over a range vector,
 *       {@link InstantFunctionLocality} for the others;
 *   <li>aggregations: {@link AggregationLocality}; binary operations:
 *       {@link BinaryOperationLocality}; subqueries: {@link SubqueryLocality}.
 * </ul>
 */
public final class ClassifyLocality {
    private final Set<String> externalLabelNames;

    /**
     * @param externalLabelNames the names of all regions' external labels (at least
     *     {@code region}); functions that write one of them are GLOBAL
     */
    public ClassifyLocality(Set<String> externalLabelNames) {
        this.externalLabelNames = Set.copyOf(requireNonNull(externalLabelNames, "externalLabelNames is null"));
    }

    public Localities classify(Expr root) {
        requireNonNull(root, "root is null");
        Localities known = new Localities();
        classify(root, known);
        return known;
    }

    private Locality classify(Expr e, Localities known) {
        for (Expr child : ExprChildren.of(e)) {
            classify(child, known);
        }
        Locality locality = node(e, known);
        known.put(e, locality);
        return locality;
    }

    private Locality node(Expr e, Localities known) {
        if (e instanceof NumberLiteral || e instanceof StringLiteral) {
            return Locality.CONSTANT;
        }
        if (e instanceof VectorSelector || e instanceof MatrixSelector) {
            return Locality.LOCAL;
        }
        if (e instanceof ParenExpr p) {
            return known.of(p.expr());
        }
        if (e instanceof UnaryExpr u) {
            return known.of(u.expr());
        }
        if (e instanceof Call c) {
            boolean overRange = c.args().stream().anyMatch(arg -> arg.type() == ValueType.MATRIX);
            return overRange
                    ? RangeFunctionLocality.classify(c, known)
                    : InstantFunctionLocality.classify(c, known, externalLabelNames);
        }
        if (e instanceof AggregateExpr a) {
            return AggregationLocality.classify(a, known);
        }
        if (e instanceof BinaryExpr b) {
            return BinaryOperationLocality.classify(b, known);
        }
        if (e instanceof SubqueryExpr s) {
            return SubqueryLocality.classify(s, known);
        }
        throw new IllegalArgumentException("unknown expression node " + e.getClass().getSimpleName() + ": " + e);
    }
}
