package dev.meridian.promql.value;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ast.ValueType;

/** A string at a point in time (milliseconds). */
public record StringValue(long timestamp, String value) implements Value {
    public StringValue {
        requireNonNull(value, "value is null");
    }

    @Override
    public ValueType type() {
        return ValueType.STRING;
    }
}
