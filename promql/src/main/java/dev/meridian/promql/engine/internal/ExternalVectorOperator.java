package dev.meridian.promql.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ErrorCode;
import dev.meridian.promql.PromqlException;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.value.Matrix;
import dev.meridian.promql.value.RangeSeries;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Replays a sub-expression's result computed elsewhere ({@link dev.meridian.promql.engine.ExternalResults})
 * step by step, as if the engine had evaluated it. Every point must lie on a step of the grid.
 */
final class ExternalVectorOperator extends BaseOperator {
    private final List<RangeSeries> series;
    /** Per series, the index of its next point not yet emitted. */
    private final int[] cursors;

    ExternalVectorOperator(StepGrid grid, QueryContext ctx, Matrix result) {
        super(grid, ctx);
        this.series = List.copyOf(requireNonNull(result, "result is null").series());
        this.cursors = new int[series.size()];
        Set<Labels> seen = new HashSet<>();
        for (RangeSeries s : series) {
            if (!seen.add(s.labels())) {
                throw new PromqlException(ErrorCode.EXECUTION,
                        "vector cannot contain metrics with the same labelset: " + s.labels());
            }
            for (int i = 0; i < s.size(); i++) {
                long t = s.timestamp(i);
                boolean onGrid = t >= grid.start() && t <= grid.end() && (t - grid.start()) % grid.step() == 0;
                if (!onGrid || (i > 0 && t <= s.timestamp(i - 1))) {
                    throw new IllegalArgumentException("external result for " + s.labels() + " has a point at " + t
                            + " that is not the next step of " + grid);
                }
            }
        }
    }

    @Override
    protected List<Labels> computeSeries() {
        List<Labels> labels = new ArrayList<>(series.size());
        for (RangeSeries s : series) {
            labels.add(s.labels());
        }
        return labels;
    }

    @Override
    protected void fill(StepVector[] batch, int firstStep) {
        long last = batch[batch.length - 1].timestamp();
        for (int id = 0; id < series.size(); id++) {
            RangeSeries s = series.get(id);
            int i = cursors[id];
            while (i < s.size() && s.timestamp(i) <= last) {
                int step = (int) ((s.timestamp(i) - grid.start()) / grid.step()) - firstStep;
                batch[step].add(id, s.value(i));
                i++;
            }
            cursors[id] = i;
        }
    }

    @Override
    public void close() {}
}
