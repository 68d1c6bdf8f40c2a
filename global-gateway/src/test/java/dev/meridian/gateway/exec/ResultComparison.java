package dev.meridian.gateway.exec;

import dev.meridian.promql.ast.Call;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.value.Matrix;
import dev.meridian.promql.value.RangeSeries;
import dev.meridian.promql.value.Sample;
import dev.meridian.promql.value.Scalar;
import dev.meridian.promql.value.StringValue;
import dev.meridian.promql.value.Value;
import dev.meridian.promql.value.Vector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether two query results are equal: same type, same label sets, same timestamps, and values
 * within {@value #RELATIVE_TOLERANCE} relative (NaN equals NaN, infinities and zero exactly).
 * Instant vectors are compared as sets, except the result of a top-level {@code sort} or
 * {@code sort_desc}, whose order is part of the answer.
 */
final class ResultComparison {
    static final double RELATIVE_TOLERANCE = 1e-9;

    private ResultComparison() {}

    /** Why {@code actual} differs from {@code expected}, or {@code null} if it does not. */
    static String difference(Expr query, Value expected, Value actual) {
        if (expected.type() != actual.type()) {
            return "type " + actual.type() + ", expected " + expected.type();
        }
        if (expected instanceof Scalar e) {
            Scalar a = (Scalar) actual;
            if (e.timestamp() != a.timestamp() || !sameValue(e.value(), a.value())) {
                return "scalar " + a + ", expected " + e;
            }
            return null;
        }
        if (expected instanceof StringValue e) {
            return e.equals(actual) ? null : "string " + actual + ", expected " + e;
        }
        if (expected instanceof Vector e) {
            return vectors(query, e, (Vector) actual);
        }
        return matrices((Matrix) expected, (Matrix) actual);
    }

    private static String vectors(Expr query, Vector expected, Vector actual) {
        if (expected.samples().size() != actual.samples().size()) {
            return actual.samples().size() + " samples, expected " + expected.samples().size() + ": got "
                    + actual.samples() + " expected " + expected.samples();
        }
        Map<Labels, Sample> byLabels = new HashMap<>();
        for (Sample s : actual.samples()) {
            byLabels.put(s.labels(), s);
        }
        for (int i = 0; i < expected.samples().size(); i++) {
            Sample e = expected.samples().get(i);
            Sample a = ordered(query) ? actual.samples().get(i) : byLabels.get(e.labels());
            if (a == null || !a.labels().equals(e.labels())) {
                return "no sample " + e.labels() + (ordered(query) ? " at position " + i : "") + " in " + actual.samples();
            }
            if (a.timestamp() != e.timestamp() || !sameValue(e.value(), a.value())) {
                return "sample " + a + ", expected " + e;
            }
        }
        return null;
    }

    private static String matrices(Matrix expected, Matrix actual) {
        Map<Labels, RangeSeries> byLabels = new HashMap<>();
        for (RangeSeries s : actual.series()) {
            byLabels.put(s.labels(), s);
        }
        List<Labels> missing = new ArrayList<>();
        for (RangeSeries e : expected.series()) {
            RangeSeries a = byLabels.remove(e.labels());
            if (a == null) {
                missing.add(e.labels());
                continue;
            }
            if (a.size() != e.size()) {
                return "series " + e.labels() + " has " + a.size() + " points, expected " + e.size() + ": got " + a
                        + " expected " + e;
            }
            for (int i = 0; i < e.size(); i++) {
                if (a.timestamp(i) != e.timestamp(i) || !sameValue(e.value(i), a.value(i))) {
                    return "series " + e.labels() + " point " + i + ": " + a.value(i) + " @" + a.timestamp(i)
                            + ", expected " + e.value(i) + " @" + e.timestamp(i);
                }
            }
        }
        if (!missing.isEmpty() || !byLabels.isEmpty()) {
            return "missing series " + missing + ", unexpected series " + byLabels.keySet();
        }
        return null;
    }

    private static boolean ordered(Expr query) {
        return Expr.unwrapParens(query) instanceof Call c
                && (c.function().name().equals("sort") || c.function().name().equals("sort_desc"));
    }

    static boolean sameValue(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (Double.isInfinite(expected) || Double.isInfinite(actual) || expected == 0 || actual == 0) {
            return expected == actual;
        }
        return Math.abs(expected - actual) <= RELATIVE_TOLERANCE * Math.max(Math.abs(expected), Math.abs(actual));
    }
}
