package dev.meridian.promql.ast;

import static java.util.Objects.requireNonNull;

public record NumberLiteral(double value, PositionRange position) implements Expr {
    public NumberLiteral {
        requireNonNull(position, "position is null");
    }

    @Override
    public ValueType type() {
        return ValueType.SCALAR;
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitNumber(this);
    }

    @Override
    public String toString() {
        return ExprPrinter.print(this);
    }
}
