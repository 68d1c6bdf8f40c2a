package dev.meridian.promql.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.value.RangeSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** A range vector expression evaluated at one time: the raw samples of each series' window. */
public final class RangeVector implements AutoCloseable {
    private final WindowSource source;
    private final QueryContext ctx;

    RangeVector(WindowSource source, QueryContext ctx) {
        this.source = requireNonNull(source, "source is null");
        this.ctx = requireNonNull(ctx, "ctx is null");
    }

    /** The series with at least one sample in the window for evaluation time {@code time}, sorted by labels. */
    public List<RangeSeries> at(long time) {
        List<Labels> labels = source.series();
        long ref = source.shift().reference(time);
        List<RangeSeries> result = new ArrayList<>();
        for (int s = 0; s < labels.size(); s++) {
            ctx.checkInterruptedOccasionally();
            WindowCursor cursor = new WindowCursor(source.iterator(s), ctx, source.readsStorage());
            Window w = cursor.slide(ref - source.rangeMillis(), ref);
            if (!w.isEmpty()) {
                long[] ts = Arrays.copyOfRange(w.timestamps(), w.offset(), w.offset() + w.size());
                double[] vs = Arrays.copyOfRange(w.values(), w.offset(), w.offset() + w.size());
                result.add(new RangeSeries(labels.get(s), ts, vs));
            }
        }
        result.sort(Comparator.comparing(RangeSeries::labels));
        return result;
    }

    @Override
    public void close() {
        source.close();
    }
}
