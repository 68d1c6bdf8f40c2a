package dev.meridian.promql.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a {@link SampleFunction} to every sample of an instant vector, optionally dropping the
 * metric name. Two series that look alike afterwards may not both have values: at one step
 * ({@link SeriesMapping.Mode#PER_STEP}, functions) or at all (whole range, unary minus).
 */
final class InstantFunctionOperator extends BaseOperator {
    private final VectorOperator child;
    private final SampleFunction function;
    private final ScalarArgs args;
    private final boolean dropMetricName;
    private final double[] argValues;
    private final SeriesMapping.Mode mode;
    private SeriesMapping mapping;

    InstantFunctionOperator(StepGrid grid, QueryContext ctx, VectorOperator child, SampleFunction function,
            List<VectorOperator> scalarArgs, boolean dropMetricName) {
        this(grid, ctx, child, function, scalarArgs, dropMetricName, SeriesMapping.Mode.PER_STEP);
    }

    InstantFunctionOperator(StepGrid grid, QueryContext ctx, VectorOperator child, SampleFunction function,
            List<VectorOperator> scalarArgs, boolean dropMetricName, SeriesMapping.Mode mode) {
        super(grid, ctx);
        this.mode = requireNonNull(mode, "mode is null");
        this.child = requireNonNull(child, "child is null");
        this.function = requireNonNull(function, "function is null");
        this.args = new ScalarArgs(scalarArgs);
        this.dropMetricName = dropMetricName;
        this.argValues = new double[scalarArgs.size()];
    }

    @Override
    protected List<Labels> computeSeries() {
        List<Labels> outputs = new ArrayList<>();
        for (Labels labels : child.series()) {
            outputs.add(dropMetricName ? labels.withoutMetricName() : labels);
        }
        mapping = SeriesMapping.of(outputs, mode);
        return mapping.outputs();
    }

    @Override
    protected void fill(StepVector[] batch, int firstStep) {
        StepVector[] in = pull(child, batch.length);
        args.pull(batch.length);
        for (int i = 0; i < batch.length; i++) {
            args.fill(i, argValues);
            if (!function.producesOutput(argValues)) {
                continue;
            }
            mapping.startStep();
            StepVector source = in[i];
            long t = batch[i].timestamp();
            for (int j = 0; j < source.size(); j++) {
                int out = mapping.claim(source.id(j));
                batch[i].add(out, function.apply(source.value(j), argValues, t));
            }
        }
    }

    @Override
    public void close() {
        child.close();
        args.close();
    }
}
