package dev.meridian.promql.ast;

import static java.util.Objects.requireNonNull;

/**
 * A subquery {@code expr[range:step]}, evaluating {@code expr} at every multiple of the step
 * inside the window.
 *
 * @param stepMillis the resolution, or 0 for the engine's default
 * @param offsetMillis the {@code offset}, possibly negative; 0 if none
 * @param at the {@code @} modifier, or {@code null}
 */
public record SubqueryExpr(Expr expr, long rangeMillis, long stepMillis, long offsetMillis, At at, PositionRange position)
        implements Expr {
    public SubqueryExpr {
        requireNonNull(expr, "expr is null");
        requireNonNull(position, "position is null");
    }

    public SubqueryExpr withOffset(long newOffsetMillis, PositionRange newPosition) {
        return new SubqueryExpr(expr, rangeMillis, stepMillis, newOffsetMillis, at, newPosition);
    }

    public SubqueryExpr withAt(At newAt, PositionRange newPosition) {
        return new SubqueryExpr(expr, rangeMillis, stepMillis, offsetMillis, newAt, newPosition);
    }

    @Override
    public ValueType type() {
        return ValueType.MATRIX;
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitSubquery(this);
    }

    @Override
    public String toString() {
        return ExprPrinter.print(this);
    }
}
