package dev.meridian.promql.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.SampleIterator;
import java.util.List;

/**
 * A subquery {@code expr[range:step]} as a range vector: the inner expression is evaluated once
 * over its own grid (every multiple of the step from the earliest window start to the latest
 * window end) and its points are kept, counted against the sample budget, until the query ends.
 */
final class SubquerySource implements WindowSource {
    private final VectorOperator inner;
    private final long rangeMillis;
    private final TimeShift shift;
    private final QueryContext ctx;
    private List<Labels> series;
    private Points[] points;
    private long held;

    /** @param inner the inner expression on its grid, or null if the grid has no step at all */
    SubquerySource(VectorOperator inner, long rangeMillis, TimeShift shift, QueryContext ctx) {
        this.inner = inner;
        this.rangeMillis = rangeMillis;
        this.shift = requireNonNull(shift, "shift is null");
        this.ctx = requireNonNull(ctx, "ctx is null");
    }

    @Override
    public List<Labels> series() {
        if (series == null) {
            evaluate();
        }
        return series;
    }

    private void evaluate() {
        if (inner == null) {
            series = List.of();
            return;
        }
        series = inner.series();
        points = new Points[series.size()];
        StepVector[] batch;
        while ((batch = inner.next()) != null) {
            for (StepVector step : batch) {
                for (int j = 0; j < step.size(); j++) {
                    int id = step.id(j);
                    if (points[id] == null) {
                        points[id] = new Points();
                    }
                    points[id].add(step.timestamp(), step.value(j));
                }
                ctx.acquireSamples(step.size());
                held += step.size();
            }
        }
        inner.close();
    }

    @Override
    public SampleIterator iterator(int id) {
        series();
        return points[id] == null ? new Points().iterator() : points[id].iterator();
    }

    @Override
    public long rangeMillis() {
        return rangeMillis;
    }

    @Override
    public TimeShift shift() {
        return shift;
    }

    @Override
    public boolean readsStorage() {
        return false;
    }

    @Override
    public void close() {
        ctx.releaseSamples(held);
        held = 0;
        points = null;
        if (inner != null) {
            inner.close();
        }
    }
}
