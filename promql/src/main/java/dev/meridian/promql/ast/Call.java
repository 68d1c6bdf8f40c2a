package dev.meridian.promql.ast;

import static java.util.Objects.requireNonNull;

import java.util.List;

public record Call(Function function, List<Expr> args, PositionRange position) implements Expr {
    public Call {
        requireNonNull(function, "function is null");
        args = List.copyOf(args);
        requireNonNull(position, "position is null");
    }

    @Override
    public ValueType type() {
        return function.returnType();
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitCall(this);
    }

    @Override
    public String toString() {
        return ExprPrinter.print(this);
    }
}
