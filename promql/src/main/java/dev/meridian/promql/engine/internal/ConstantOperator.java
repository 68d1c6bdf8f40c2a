package dev.meridian.promql.engine.internal;

import dev.meridian.promql.labels.Labels;
import java.util.List;

/** A scalar with the same value at every step: a number literal, or {@code pi()}. */
final class ConstantOperator extends BaseOperator {
    private final double value;

    ConstantOperator(StepGrid grid, QueryContext ctx, double value) {
        super(grid, ctx);
        this.value = value;
    }

    @Override
    protected List<Labels> computeSeries() {
        return List.of(Labels.EMPTY);
    }

    @Override
    protected void fill(StepVector[] batch, int firstStep) {
        for (StepVector step : batch) {
            step.add(0, value);
        }
    }

    @Override
    public void close() {}
}
