package dev.meridian.promql.engine.internal;

import dev.meridian.promql.ast.BinaryOp;

/** Values of binary operators on two floats, as Prometheus (Go) computes them. */
final class Arithmetic {
    private Arithmetic() {}

    /** The value of an arithmetic operator, or 1/0 for a comparison. */
    static double apply(BinaryOp op, double lhs, double rhs) {
        return switch (op) {
            case ADD -> lhs + rhs;
            case SUB -> lhs - rhs;
            case MUL -> lhs * rhs;
            case DIV -> lhs / rhs;
            case MOD -> lhs % rhs; // IEEE fmod, like Go's math.Mod: the sign of the dividend.
            case POW -> FloatMath.pow(lhs, rhs);
            case ATAN2 -> Math.atan2(lhs, rhs);
            case EQL, NEQ, GTR, LSS, GTE, LTE -> test(op, lhs, rhs) ? 1 : 0;
            case AND, OR, UNLESS -> throw new IllegalArgumentException(op + " has no value");
        };
    }

    /**
     * Whether an element survives a vector operation: arithmetic and {@code bool} comparisons keep
     * every element, filtering comparisons only those for which they hold.
     */
    static boolean keeps(BinaryOp op, boolean returnBool, double lhs, double rhs) {
        return !op.isComparison() || returnBool || test(op, lhs, rhs);
    }

    /**
     * The value of an element that survives: the arithmetic result, 1 or 0 for a {@code bool}
     * comparison, and {@code kept} (the vector element's own value) for a filtering comparison.
     */
    static double result(BinaryOp op, boolean returnBool, double lhs, double rhs, double kept) {
        if (!op.isComparison()) {
            return apply(op, lhs, rhs);
        }
        if (returnBool) {
            return test(op, lhs, rhs) ? 1 : 0;
        }
        return kept;
    }

    /** Whether a comparison holds; NaN compares false except with {@code !=}. */
    static boolean test(BinaryOp op, double lhs, double rhs) {
        return switch (op) {
            case EQL -> lhs == rhs;
            case NEQ -> lhs != rhs;
            case GTR -> lhs > rhs;
            case LSS -> lhs < rhs;
            case GTE -> lhs >= rhs;
            case LTE -> lhs <= rhs;
            case ADD, SUB, MUL, DIV, MOD, POW, ATAN2, AND, OR, UNLESS ->
                    throw new IllegalArgumentException(op + " is not a comparison");
        };
    }
}
