package dev.meridian.promql.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a function of a range vector: per series and step, slides the window
 * {@code [ref - range, ref]} and evaluates the function on it when it is not empty. The output
 * drops the metric name (except for {@code last_over_time}); two series that then look alike may
 * not both produce output anywhere in the range.
 */
final class RangeFunctionOperator extends BaseOperator {
    private final WindowSource source;
    private final RangeFunction function;
    private final ScalarArgs args;
    private final boolean keepMetricName;
    private final RangeCall call = new RangeCall();
    private SeriesMapping mapping;
    private WindowCursor[] cursors;

    RangeFunctionOperator(StepGrid grid, QueryContext ctx, WindowSource source, RangeFunction function,
            List<VectorOperator> scalarArgs, boolean keepMetricName) {
        super(grid, ctx);
        this.source = requireNonNull(source, "source is null");
        this.function = requireNonNull(function, "function is null");
        this.args = new ScalarArgs(scalarArgs);
        this.keepMetricName = keepMetricName;
        this.call.scalars = new double[scalarArgs.size()];
        this.call.rangeMillis = source.rangeMillis();
    }

    @Override
    protected List<Labels> computeSeries() {
        List<Labels> inputs = source.series();
        List<Labels> outputs = new ArrayList<>(inputs.size());
        for (Labels labels : inputs) {
            outputs.add(keepMetricName ? labels : labels.withoutMetricName());
        }
        mapping = SeriesMapping.of(outputs, SeriesMapping.Mode.WHOLE_RANGE);
        return mapping.outputs();
    }

    @Override
    protected void fill(StepVector[] batch, int firstStep) {
        args.pull(batch.length);
        int seriesCount = source.series().size();
        if (cursors == null) {
            cursors = new WindowCursor[seriesCount];
        }
        long range = source.rangeMillis();
        TimeShift shift = source.shift();
        for (int s = 0; s < seriesCount; s++) {
            WindowCursor cursor = cursors[s];
            if (cursor == null) {
                cursor = new WindowCursor(source.iterator(s), ctx, source.readsStorage());
                cursors[s] = cursor;
            }
            for (int i = 0; i < batch.length; i++) {
                long t = batch[i].timestamp();
                long ref = shift.reference(t);
                Window window = cursor.slide(ref - range, ref);
                if (window.isEmpty()) {
                    continue;
                }
                call.stepTime = t;
                call.rangeStart = ref - range;
                call.rangeEnd = ref;
                args.fill(i, call.scalars);
                if (function.apply(window, call)) {
                    batch[i].add(mapping.claim(s), call.result);
                }
            }
            ctx.checkInterruptedOccasionally();
        }
        if (firstStep + batch.length == grid.steps()) {
            releaseWindows();
        }
    }

    private void releaseWindows() {
        if (cursors != null) {
            for (WindowCursor cursor : cursors) {
                if (cursor != null) {
                    cursor.release();
                }
            }
            cursors = null;
        }
    }

    @Override
    public void close() {
        releaseWindows();
        args.close();
        source.close();
    }
}
