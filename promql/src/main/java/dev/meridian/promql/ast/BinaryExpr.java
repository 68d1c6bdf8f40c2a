package dev.meridian.promql.ast;

import static java.util.Objects.requireNonNull;

/**
 * A binary operation.
 *
 * @param matching how series pair up; present exactly when both operands are instant vectors
 * @param returnBool whether a comparison returns 0/1 ({@code bool}) instead of filtering
 */
public record BinaryExpr(BinaryOp op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool, PositionRange position)
        implements Expr {
    public BinaryExpr {
        requireNonNull(op, "op is null");
        requireNonNull(lhs, "lhs is null");
        requireNonNull(rhs, "rhs is null");
        requireNonNull(position, "position is null");
    }

    @Override
    public ValueType type() {
        return lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR ? ValueType.SCALAR : ValueType.VECTOR;
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitBinary(this);
    }

    @Override
    public String toString() {
        return ExprPrinter.print(this);
    }
}
