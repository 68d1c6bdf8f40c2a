package dev.meridian.promql.ast;

import static java.util.Objects.requireNonNull;

public record ParenExpr(Expr expr, PositionRange position) implements Expr {
    public ParenExpr {
        requireNonNull(expr, "expr is null");
        requireNonNull(position, "position is null");
    }

    @Override
    public ValueType type() {
        return expr.type();
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitParen(this);
    }

    @Override
    public String toString() {
        return ExprPrinter.print(this);
    }
}
