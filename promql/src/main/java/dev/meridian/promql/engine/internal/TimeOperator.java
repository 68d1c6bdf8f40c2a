package dev.meridian.promql.engine.internal;

import dev.meridian.promql.labels.Labels;
import java.util.List;

/** {@code time()}: the evaluation time in seconds, as a scalar. */
final class TimeOperator extends BaseOperator {
    TimeOperator(StepGrid grid, QueryContext ctx) {
        super(grid, ctx);
    }

    @Override
    protected List<Labels> computeSeries() {
        return List.of(Labels.EMPTY);
    }

    @Override
    protected void fill(StepVector[] batch, int firstStep) {
        for (StepVector step : batch) {
            step.add(0, step.timestamp() / 1000.0);
        }
    }

    @Override
    public void close() {}
}
