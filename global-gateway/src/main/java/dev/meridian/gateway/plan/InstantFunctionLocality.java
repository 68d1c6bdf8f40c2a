package dev.meridian.gateway.plan;

import dev.meridian.promql.ast.Call;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.StringLiteral;
import dev.meridian.promql.ast.ValueType;
import java.util.Set;

/**
 * Rule for functions without a range-vector argument.
 *
 * <ul>
 *   <li>{@code time()} and {@code pi()} are CONSTANT.
 *   <li>Per-series functions ({@code abs}, {@code ceil}, {@code clamp*}, {@code exp}, {@code ln},
 *       {@code round}, {@code timestamp}, {@code day_of_week(v)}, ...) map every input series to
 *       at most one output series with the same labels (but the metric name), so over a LOCAL
 *       vector with CONSTANT parameters they are LOCAL. So is {@code histogram_quantile}: it groups
 *       buckets by all labels but {@code le}, which keeps {@code region}.
 *   <li>{@code label_replace}/{@code label_join} are LOCAL unless they write an external label
 *       ({@code region} above all): rewriting it could make two regions' series collide.
 *   <li>GLOBAL: {@code absent} (answers when no region has the series), {@code scalar} (needs the
 *       one global series), {@code sort}/{@code sort_desc} (a global order), and functions that make
 *       a vector out of nothing ({@code vector(s)}, {@code day_of_week()} without arguments): per
 *       region they would give one series per region instead of one.
 * </ul>
 *
 * <pre>
 * abs(x)                                     LOCAL
 * histogram_quantile(0.9, rate(b[5m]))       LOCAL
 * label_replace(x, "dc", "$1", "region", "(.*)")   LOCAL
 * label_replace(x, "region", "all", "", "")  GLOBAL
 * vector(1), sort(x), absent(x), scalar(x)   GLOBAL
 * clamp_max(x, scalar(y))                    GLOBAL (the parameter reads series)
 * </pre>
 */
final class InstantFunctionLocality {
    private static final Set<String> GLOBAL_FUNCTIONS = Set.of("absent", "scalar", "vector", "sort", "sort_desc");

    private InstantFunctionLocality() {}

    static Locality classify(Call call, Localities known, Set<String> externalLabelNames) {
        String name = call.function().name();
        if (name.equals("time") || name.equals("pi")) {
            return Locality.CONSTANT;
        }
        if (GLOBAL_FUNCTIONS.contains(name) || call.args().isEmpty()) {
            return Locality.GLOBAL;
        }
        if ((name.equals("label_replace") || name.equals("label_join"))
                && writesExternalLabel(call.args().get(1), externalLabelNames)) {
            return Locality.GLOBAL;
        }
        for (Expr arg : call.args()) {
            Locality expected = arg.type() == ValueType.VECTOR ? Locality.LOCAL : Locality.CONSTANT;
            if (known.of(arg) != expected) {
                return Locality.GLOBAL;
            }
        }
        return Locality.LOCAL;
    }

    private static boolean writesExternalLabel(Expr destination, Set<String> externalLabelNames) {
        Expr e = Expr.unwrapParens(destination);
        // The type checker allows only string literals here; anything else is treated as unknown.
        return !(e instanceof StringLiteral s) || externalLabelNames.contains(s.value())
                || s.value().equals(RegionLabel.NAME);
    }
}
