package dev.meridian.promql.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import java.util.List;
import java.util.function.LongToDoubleFunction;

/** A scalar computed from the step time alone: a number literal, {@code pi()} or {@code time()}. */
final class ScalarOperator extends BaseOperator {
    private final LongToDoubleFunction valueAt;

    private ScalarOperator(StepGrid grid, QueryContext ctx, LongToDoubleFunction valueAt) {
        super(grid, ctx);
        this.valueAt = requireNonNull(valueAt, "valueAt is null");
    }

    /** The same value at every step. */
    static ScalarOperator constant(StepGrid grid, QueryContext ctx, double value) {
        return new ScalarOperator(grid, ctx, t -> value);
    }

    /** {@code time()}: the step time in seconds. */
    static ScalarOperator time(StepGrid grid, QueryContext ctx) {
        return new ScalarOperator(grid, ctx, t -> t / 1000.0);
    }

    @Override
    protected List<Labels> computeSeries() {
        return List.of(Labels.EMPTY);
    }

    @Override
    protected void fill(StepVector[] batch, int firstStep) {
        for (StepVector step : batch) {
            step.add(0, valueAt.applyAsDouble(step.timestamp()));
        }
    }

    @Override
    public void close() {}
}
