package dev.meridian.gateway.plan;

import dev.meridian.promql.ast.AggregateExpr;
import dev.meridian.promql.ast.AggregationOp;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.StringLiteral;

/**
 * Rule for aggregations: over a LOCAL operand with a CONSTANT parameter, an aggregation whose
 * groups keep {@code region} never mixes two regions' series in a group, so it is LOCAL. That is
 * {@code by (..., region, ...)}, or {@code without (...)} not listing {@code region}; and for
 * {@code count_values} also a value label other than {@code region} (which would overwrite it).
 * Every other aggregation is GLOBAL; {@link PushDownAggregation} may still push a partial of it.
 *
 * <pre>
 * sum by (region, job) (rate(x[5m]))     LOCAL
 * topk without (instance) (3, x)         LOCAL
 * sum by (job) (rate(x[5m]))             GLOBAL (partial sum pushed)
 * count_values by (region) ("region", x) GLOBAL (the value overwrites region)
 * topk(scalar(y), x)                     GLOBAL (the parameter reads series)
 * </pre>
 */
final class AggregationLocality {
    private AggregationLocality() {}

    static Locality classify(AggregateExpr aggregation, Localities known) {
        if (!operandsPushable(aggregation, known)) {
            return Locality.GLOBAL;
        }
        return keepsRegion(aggregation) ? Locality.LOCAL : Locality.GLOBAL;
    }

    /** Whether the operand is LOCAL and the parameter, if any, CONSTANT. */
    static boolean operandsPushable(AggregateExpr aggregation, Localities known) {
        return known.of(aggregation.expr()) == Locality.LOCAL
                && (aggregation.param() == null || known.of(aggregation.param()) == Locality.CONSTANT);
    }

    /** Whether every output group (or, for topk/bottomk, output series) keeps {@code region}. */
    static boolean keepsRegion(AggregateExpr aggregation) {
        if (aggregation.op() == AggregationOp.COUNT_VALUES && writesRegion(aggregation.param())) {
            return false;
        }
        boolean listed = aggregation.grouping().contains(RegionLabel.NAME);
        return aggregation.without() != listed;
    }

    private static boolean writesRegion(Expr param) {
        Expr e = Expr.unwrapParens(param);
        return !(e instanceof StringLiteral s) || s.value().equals(RegionLabel.NAME);
    }
}
