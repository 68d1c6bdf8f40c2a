package dev.meridian.promql.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import java.util.List;

/**
 * Common plumbing of operators: computes {@link #series()} once, and cuts the grid into batches,
 * checking for cancellation and timeout before each.
 */
abstract class BaseOperator implements VectorOperator {
    protected final StepGrid grid;
    protected final QueryContext ctx;
    private List<Labels> series;
    private int nextStep;

    BaseOperator(StepGrid grid, QueryContext ctx) {
        this.grid = requireNonNull(grid, "grid is null");
        this.ctx = requireNonNull(ctx, "ctx is null");
    }

    @Override
    public final List<Labels> series() {
        if (series == null) {
            series = List.copyOf(computeSeries());
        }
        return series;
    }

    /** Computes the output series once; ids in step vectors index into this list. */
    protected abstract List<Labels> computeSeries();

    @Override
    public final StepVector[] next() {
        int steps = grid.steps();
        if (nextStep >= steps) {
            return null;
        }
        ctx.checkInterrupted();
        int count = Math.min(grid.batchSize(), steps - nextStep);
        // Room for every series, so steps rarely regrow; capped for operators with huge outputs.
        int capacity = Math.min(series().size(), 1 << 16);
        StepVector[] batch = new StepVector[count];
        for (int i = 0; i < count; i++) {
            batch[i] = new StepVector(grid.time(nextStep + i), capacity);
        }
        fill(batch, nextStep);
        nextStep += count;
        return batch;
    }

    /** Fills the empty step vectors of one batch; {@code firstStep} is the grid index of batch[0]. */
    protected abstract void fill(StepVector[] batch, int firstStep);

    /** Pulls the next batch of a child on the same grid; it must have one. */
    protected static StepVector[] pull(VectorOperator child, int expectedSize) {
        StepVector[] batch = child.next();
        if (batch == null || batch.length != expectedSize) {
            throw new IllegalStateException("operand batch out of step: expected " + expectedSize
                    + " steps, got " + (batch == null ? "none" : batch.length));
        }
        return batch;
    }
}
