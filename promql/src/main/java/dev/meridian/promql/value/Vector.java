package dev.meridian.promql.value;

import dev.meridian.promql.ast.ValueType;
import java.util.List;

/** An instant vector, in evaluation order (which {@code sort()} and {@code topk()} define). */
public record Vector(List<Sample> samples) implements Value {
    public Vector {
        samples = List.copyOf(samples);
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
    }
}
