package dev.meridian.promql.value;

import dev.meridian.promql.ast.ValueType;

/** The result of evaluating a PromQL expression. */
public sealed interface Value permits Scalar, StringValue, Vector, Matrix {
    ValueType type();
}
