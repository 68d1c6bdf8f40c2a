package dev.meridian.promql.value;

import dev.meridian.promql.ast.ValueType;

/** A single number at a point in time (milliseconds). */
public record Scalar(long timestamp, double value) implements Value {
    @Override
    public ValueType type() {
        return ValueType.SCALAR;
    }
}
