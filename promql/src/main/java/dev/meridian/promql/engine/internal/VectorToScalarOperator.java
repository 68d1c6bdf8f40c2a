package dev.meridian.promql.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import java.util.List;

/** {@code scalar(v)}: the value of the only element of {@code v}, or NaN if it has not exactly one. */
final class VectorToScalarOperator extends BaseOperator {
    private final VectorOperator vector;

    VectorToScalarOperator(StepGrid grid, QueryContext ctx, VectorOperator vector) {
        super(grid, ctx);
        this.vector = requireNonNull(vector, "vector is null");
    }

    @Override
    protected List<Labels> computeSeries() {
        vector.series();
        return List.of(Labels.EMPTY);
    }

    @Override
    protected void fill(StepVector[] batch, int firstStep) {
        StepVector[] in = pull(vector, batch.length);
        for (int i = 0; i < batch.length; i++) {
            batch[i].add(0, in[i].size() == 1 ? in[i].value(0) : Double.NaN);
        }
    }

    @Override
    public void close() {
        vector.close();
    }
}
