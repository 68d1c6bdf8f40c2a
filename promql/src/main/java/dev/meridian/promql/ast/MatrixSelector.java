package dev.meridian.promql.ast;

import static java.util.Objects.requireNonNull;

/**
 * A range vector selector {@code selector[range]}; the selector carries offset and {@code @}.
 *
 * @param rangeMillis the window length, always positive
 */
public record MatrixSelector(VectorSelector selector, long rangeMillis, PositionRange position) implements Expr {
    public MatrixSelector {
        requireNonNull(selector, "selector is null");
        requireNonNull(position, "position is null");
    }

    @Override
    public ValueType type() {
        return ValueType.MATRIX;
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitMatrixSelector(this);
    }

    @Override
    public String toString() {
        return ExprPrinter.print(this);
    }
}
