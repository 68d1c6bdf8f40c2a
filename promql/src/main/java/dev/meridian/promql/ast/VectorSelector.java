package dev.meridian.promql.ast;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.LabelMatcher;
import java.util.List;

/**
 * An instant vector selector such as {@code http_requests_total{job="api"} offset 5m @ 1700000000}.
 *
 * @param name the metric name written before the braces, or {@code null}
 * @param matchers all matchers, including {@code __name__="name"} when a name was written
 * @param offsetMillis the {@code offset}, possibly negative; 0 if none
 * @param at the {@code @} modifier, or {@code null}
 */
public record VectorSelector(String name, List<LabelMatcher> matchers, long offsetMillis, At at, PositionRange position)
        implements Expr {
    public VectorSelector {
        matchers = List.copyOf(matchers);
        requireNonNull(position, "position is null");
    }

    public VectorSelector withOffset(long newOffsetMillis, PositionRange newPosition) {
        return new VectorSelector(name, matchers, newOffsetMillis, at, newPosition);
    }

    public VectorSelector withAt(At newAt, PositionRange newPosition) {
        return new VectorSelector(name, matchers, offsetMillis, newAt, newPosition);
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitVectorSelector(this);
    }

    @Override
    public String toString() {
        return ExprPrinter.print(this);
    }
}
