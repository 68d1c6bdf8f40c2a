package dev.meridian.promql.value;

import dev.meridian.promql.ast.ValueType;
import java.util.List;

/** A set of series with points, sorted by labels. */
public record Matrix(List<RangeSeries> series) implements Value {
    public Matrix {
        series = List.copyOf(series);
    }

    @Override
    public ValueType type() {
        return ValueType.MATRIX;
    }
}
