package dev.meridian.promql.engine.internal;

import dev.meridian.promql.labels.Labels;
import java.util.List;

/**
 * The one contract of physical operators: batches of steps out, pulled by the parent.
 *
 * <p>{@link #series()} lists the output series; the ids in every {@link StepVector} index into it.
 * Labels in the list are unique. An operator of scalar type has exactly one series (no labels)
 * and a value at every step.
 *
 * <p>{@link #next()} returns the next batch of consecutive steps of the operator's
 * {@link StepGrid}, or {@code null} after the last one. The caller calls {@code series()} before
 * the first {@code next()}, and closes the operator when done.
 */
public interface VectorOperator extends AutoCloseable {
    List<Labels> series();

    StepVector[] next();

    @Override
    void close();
}
