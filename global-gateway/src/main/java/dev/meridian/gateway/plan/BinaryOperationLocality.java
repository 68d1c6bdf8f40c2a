package dev.meridian.gateway.plan;

import dev.meridian.promql.ast.BinaryExpr;
import dev.meridian.promql.ast.ValueType;
import dev.meridian.promql.ast.VectorMatching;

/**
 * Rule for binary operations.
 *
 * <ul>
 *   <li>Two CONSTANT operands: CONSTANT.
 *   <li>A LOCAL vector and a CONSTANT scalar: LOCAL (each sample is computed on its own).
 *   <li>Two LOCAL vectors: LOCAL only if the matching keeps {@code region}, so that series only
 *       ever match series of their own region: no {@code on}/{@code ignoring}, {@code on(...)}
 *       listing {@code region}, or {@code ignoring(...)} not listing it. The same holds for the
 *       set operators {@code and}, {@code or}, {@code unless}, and with
 *       {@code group_left}/{@code group_right}.
 *   <li>Anything else: GLOBAL.
 * </ul>
 *
 * <pre>
 * a / b                            LOCAL
 * a * on (region, job) group_left b LOCAL
 * a and ignoring (instance) b      LOCAL
 * a + on (job) b                   GLOBAL (matches across regions)
 * a > 2 * 3                        LOCAL
 * a > scalar(b)                    GLOBAL
 * </pre>
 */
final class BinaryOperationLocality {
    private BinaryOperationLocality() {}

    static Locality classify(BinaryExpr binary, Localities known) {
        Locality lhs = known.of(binary.lhs());
        Locality rhs = known.of(binary.rhs());
        if (lhs == Locality.CONSTANT && rhs == Locality.CONSTANT) {
            return Locality.CONSTANT;
        }
        boolean lhsScalar = binary.lhs().type() == ValueType.SCALAR;
        boolean rhsScalar = binary.rhs().type() == ValueType.SCALAR;
        if (lhsScalar && rhsScalar) {
            return Locality.GLOBAL;
        }
        if (lhsScalar || rhsScalar) {
            Locality vector = lhsScalar ? rhs : lhs;
            Locality scalar = lhsScalar ? lhs : rhs;
            return vector == Locality.LOCAL && scalar == Locality.CONSTANT ? Locality.LOCAL : Locality.GLOBAL;
        }
        if (lhs == Locality.LOCAL && rhs == Locality.LOCAL && matchingKeepsRegion(binary.matching())) {
            return Locality.LOCAL;
        }
        return Locality.GLOBAL;
    }

    /** Whether series can only match series with the same {@code region}. */
    static boolean matchingKeepsRegion(VectorMatching matching) {
        if (matching == null) {
            return true;
        }
        boolean listed = matching.matchingLabels().contains(RegionLabel.NAME);
        return matching.on() == listed;
    }
}
