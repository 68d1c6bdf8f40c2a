package dev.meridian.gateway.plan;

import dev.meridian.promql.ast.Call;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.ValueType;

/**
 * Rule for functions over a range vector ({@code rate}, {@code increase}, {@code *_over_time},
 * {@code deriv}, {@code predict_linear}, {@code holt_winters}, {@code quantile_over_time},
 * {@code changes}, {@code resets}, {@code irate}, {@code idelta}, {@code delta}, ...): each output
 * series comes from one input series and keeps its labels but the metric name, so over a LOCAL
 * range vector (a matrix selector, or a subquery of a LOCAL expression) with CONSTANT parameters
 * the function is LOCAL.
 *
 * <p>The exception is {@code absent_over_time}: its one output series exists when no region has
 * a sample, which no single region can tell, so it is GLOBAL.
 *
 * <pre>
 * rate(x[5m])                          LOCAL
 * predict_linear(x[5m], 3600)          LOCAL
 * max_over_time(rate(x[5m])[1h:1m])    LOCAL (subquery of a LOCAL expression)
 * quantile_over_time(scalar(y), x[5m]) GLOBAL (the parameter reads series)
 * absent_over_time(x[5m])              GLOBAL
 * </pre>
 */
final class RangeFunctionLocality {
    private RangeFunctionLocality() {}

    static Locality classify(Call call, Localities known) {
        if (call.function().name().equals("absent_over_time")) {
            return Locality.GLOBAL;
        }
        for (Expr arg : call.args()) {
            Locality expected = arg.type() == ValueType.MATRIX ? Locality.LOCAL : Locality.CONSTANT;
            if (known.of(arg) != expected) {
                return Locality.GLOBAL;
            }
        }
        return Locality.LOCAL;
    }
}
