package dev.meridian.promql.ast;

import static java.util.Objects.requireNonNull;

public record StringLiteral(String value, PositionRange position) implements Expr {
    public StringLiteral {
        requireNonNull(value, "value is null");
        requireNonNull(position, "position is null");
    }

    @Override
    public ValueType type() {
        return ValueType.STRING;
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitString(this);
    }

    @Override
    public String toString() {
        return ExprPrinter.print(this);
    }
}
