package dev.meridian.promql.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import java.util.List;

/**
 * A function that yields nothing for float samples, such as {@code histogram_count} (Meridian
 * stores no native histograms, and Prometheus ignores float samples in these functions). The
 * operand is still evaluated, so its errors surface as they would in Prometheus.
 */
final class DrainOperator extends BaseOperator {
    private final VectorOperator child;

    DrainOperator(StepGrid grid, QueryContext ctx, VectorOperator child) {
        super(grid, ctx);
        this.child = requireNonNull(child, "child is null");
    }

    @Override
    protected List<Labels> computeSeries() {
        child.series();
        return List.of();
    }

    @Override
    protected void fill(StepVector[] batch, int firstStep) {
        pull(child, batch.length);
    }

    @Override
    public void close() {
        child.close();
    }
}
