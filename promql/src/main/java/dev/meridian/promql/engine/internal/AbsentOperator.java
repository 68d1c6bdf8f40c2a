package dev.meridian.promql.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import java.util.List;

/**
 * {@code absent(v)}: one series with value 1 at the steps where {@code v} is empty. Its labels
 * come from the equality matchers of the selector in {@code v} (see the planner).
 */
final class AbsentOperator extends BaseOperator {
    private final VectorOperator child;
    private final Labels labels;

    AbsentOperator(StepGrid grid, QueryContext ctx, VectorOperator child, Labels labels) {
        super(grid, ctx);
        this.child = requireNonNull(child, "child is null");
        this.labels = requireNonNull(labels, "labels is null");
    }

    @Override
    protected List<Labels> computeSeries() {
        child.series();
        return List.of(labels);
    }

    @Override
    protected void fill(StepVector[] batch, int firstStep) {
        StepVector[] in = pull(child, batch.length);
        for (int i = 0; i < batch.length; i++) {
            if (in[i].isEmpty()) {
                batch[i].add(0, 1);
            }
        }
    }

    @Override
    public void close() {
        child.close();
    }
}
