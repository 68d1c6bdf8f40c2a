package dev.meridian.promql.ast;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An aggregation such as {@code sum by (job) (x)} or {@code topk(3, x)}.
 *
 * @param param the parameter of {@code topk}, {@code bottomk}, {@code quantile} or
 *     {@code count_values}; null for the others
 * @param grouping the labels of {@code by}/{@code without}, in the order written
 * @param without true for {@code without}, false for {@code by} or no clause
 */
public record AggregateExpr(AggregationOp op, Expr expr, Expr param, List<String> grouping, boolean without, PositionRange position)
        implements Expr {
    public AggregateExpr {
        requireNonNull(op, "op is null");
        requireNonNull(expr, "expr is null");
        grouping = List.copyOf(grouping);
        requireNonNull(position, "position is null");
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitAggregate(this);
    }

    @Override
    public String toString() {
        return ExprPrinter.print(this);
    }
}
