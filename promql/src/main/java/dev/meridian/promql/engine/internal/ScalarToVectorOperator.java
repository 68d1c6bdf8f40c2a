package dev.meridian.promql.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import java.util.List;

/** {@code vector(s)}: the scalar as a one-element vector without labels. */
final class ScalarToVectorOperator extends BaseOperator {
    private final VectorOperator scalar;

    ScalarToVectorOperator(StepGrid grid, QueryContext ctx, VectorOperator scalar) {
        super(grid, ctx);
        this.scalar = requireNonNull(scalar, "scalar is null");
    }

    @Override
    protected List<Labels> computeSeries() {
        scalar.series();
        return List.of(Labels.EMPTY);
    }

    @Override
    protected void fill(StepVector[] batch, int firstStep) {
        StepVector[] in = pull(scalar, batch.length);
        for (int i = 0; i < batch.length; i++) {
            batch[i].add(0, in[i].value(0));
        }
    }

    @Override
    public void close() {
        scalar.close();
    }
}
