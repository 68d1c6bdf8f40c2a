package dev.meridian.gateway.plan;

import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.SubqueryExpr;

/**
 * Writes the gateway's default subquery step into every subquery that has none, in the text a
 * region runs. A subquery without a step ({@code x[1h:]}) uses the evaluating engine's default
 * resolution, which a region may configure differently from the gateway (and
 * {@link dev.meridian.gateway.region.RegionInfo} does not say); pinning it makes the region
 * evaluate exactly the steps the gateway would.
 *
 * <pre>
 * before: max_over_time(rate(x[5m])[1h:])
 * after:  max_over_time(rate(x[5m])[1h:1m])     (gateway default step 1m)
 * </pre>
 */
public final class PinSubquerySteps {
    private PinSubquerySteps() {}

    public static Expr apply(Expr expr, long defaultStepMillis) {
        if (defaultStepMillis <= 0) {
            throw new IllegalArgumentException("defaultStepMillis must be > 0 (got: " + defaultStepMillis + ")");
        }
        return ExprRebuild.map(expr, e -> {
            if (e instanceof SubqueryExpr s && s.stepMillis() == 0) {
                return new SubqueryExpr(apply(s.expr(), defaultStepMillis), s.rangeMillis(), defaultStepMillis,
                        s.offsetMillis(), s.at(), s.position());
            }
            return null;
        });
    }
}
