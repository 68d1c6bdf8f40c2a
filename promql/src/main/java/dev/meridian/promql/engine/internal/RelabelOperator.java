package dev.meridian.promql.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Rewrites the labels of each series ({@code label_replace}, {@code label_join}); values pass
 * through. Two series that look alike afterwards may not both have a value at one step.
 */
final class RelabelOperator extends BaseOperator {
    private final VectorOperator child;
    private final UnaryOperator<Labels> rewrite;
    private SeriesMapping mapping;

    RelabelOperator(StepGrid grid, QueryContext ctx, VectorOperator child, UnaryOperator<Labels> rewrite) {
        super(grid, ctx);
        this.child = requireNonNull(child, "child is null");
        this.rewrite = requireNonNull(rewrite, "rewrite is null");
    }

    @Override
    protected List<Labels> computeSeries() {
        List<Labels> outputs = new ArrayList<>();
        for (Labels labels : child.series()) {
            outputs.add(rewrite.apply(labels));
        }
        mapping = SeriesMapping.of(outputs, SeriesMapping.Mode.PER_STEP);
        return mapping.outputs();
    }

    @Override
    protected void fill(StepVector[] batch, int firstStep) {
        StepVector[] in = pull(child, batch.length);
        for (int i = 0; i < batch.length; i++) {
            mapping.startStep();
            StepVector source = in[i];
            for (int j = 0; j < source.size(); j++) {
                batch[i].add(mapping.claim(source.id(j)), source.value(j));
            }
        }
    }

    @Override
    public void close() {
        child.close();
    }
}
