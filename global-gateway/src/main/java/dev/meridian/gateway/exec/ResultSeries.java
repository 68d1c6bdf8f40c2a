package dev.meridian.gateway.exec;

import dev.meridian.promql.value.Matrix;
import dev.meridian.promql.value.RangeSeries;
import dev.meridian.promql.value.Sample;
import dev.meridian.promql.value.Value;
import dev.meridian.promql.value.Vector;
import java.util.ArrayList;
import java.util.List;

/** An instant-vector expression's result as series with points, however the engine returned it. */
final class ResultSeries {
    private ResultSeries() {}

    /**
     * @throws IllegalArgumentException for a scalar or string result
     */
    static List<RangeSeries> of(Value value) {
        if (value instanceof Matrix m) {
            return m.series();
        }
        if (value instanceof Vector v) {
            List<RangeSeries> out = new ArrayList<>(v.samples().size());
            for (Sample s : v.samples()) {
                out.add(new RangeSeries(s.labels(), new long[] {s.timestamp()}, new double[] {s.value()}));
            }
            return out;
        }
        throw new IllegalArgumentException("expected an instant vector or a matrix, got " + value.type().documentedName());
    }

    static long points(List<RangeSeries> series) {
        long n = 0;
        for (RangeSeries s : series) {
            n += s.size();
        }
        return n;
    }
}
