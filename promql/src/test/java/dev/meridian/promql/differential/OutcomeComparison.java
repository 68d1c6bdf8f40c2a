package dev.meridian.promql.differential;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ast.AggregateExpr;
import dev.meridian.promql.ast.AggregationOp;
import dev.meridian.promql.ast.Call;
import dev.meridian.promql.ast.BinaryExpr;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.ParenExpr;
import dev.meridian.promql.ast.StringLiteral;
import dev.meridian.promql.ast.SubqueryExpr;
import dev.meridian.promql.ast.UnaryExpr;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.parser.Parser;
import dev.meridian.promql.value.Matrix;
import dev.meridian.promql.value.RangeSeries;
import dev.meridian.promql.value.Sample;
import dev.meridian.promql.value.Scalar;
import dev.meridian.promql.value.StringValue;
import dev.meridian.promql.value.Value;
import dev.meridian.promql.value.Vector;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Decides whether our outcome equals Prometheus': both failed with the same kind of error, or both succeeded with the same
 * result type, the same label sets and, per series, the same timestamps and values (relative
 * difference at most {@value #RELATIVE_TOLERANCE}; NaN equals NaN; infinities exactly).
 *
 * <p>Series order is ignored except where Prometheus defines it: the instant vector of a
 * top-level {@code sort}/{@code sort_desc} (ordered by value) and of a top-level
 * {@code topk}/{@code bottomk} (ordered by value within each group). Samples with equal values may
 * appear in either order, since Prometheus sorts with Go's unstable {@code sort.Sort}. For the
 * same reason a top-level {@code topk}/{@code bottomk} may keep any of the series tied at its
 * boundary value (see {@link #sameSelection}).
 */
final class OutcomeComparison {
    static final double RELATIVE_TOLERANCE = 1e-9;

    /**
     * How the series of an instant vector result must be ordered, and which labels hold sample
     * values as text ({@code count_values}): those are compared as numbers, with the same
     * tolerance as values, because the last bits of transcendental functions differ between Go's
     * math library and Java's (Java's are the correctly rounded ones, e.g. for {@code ln(3)}).
     */
    record Ordering(Kind kind, List<String> grouping, boolean without, boolean topk, Set<String> valueLabels) {
        enum Kind { ANY, BY_VALUE, SELECTION_PER_GROUP }

        static final Ordering ANY = new Ordering(Kind.ANY, List.of(), false, false, Set.of());

        Ordering {
            requireNonNull(kind, "kind is null");
            grouping = List.copyOf(grouping);
            valueLabels = Set.copyOf(valueLabels);
        }

        Ordering(Kind kind, List<String> grouping, boolean without, boolean topk) {
            this(kind, grouping, without, topk, Set.of());
        }

        private Ordering withValueLabels(Set<String> labels) {
            return new Ordering(kind, grouping, without, topk, labels);
        }

        /**
         * The ordering Prometheus defines for the instant result of {@code query}: by value for a
         * top-level sort, per group for a top-level topk/bottomk, else none. Queries that do not
         * parse (for us) have no defined order; their comparison fails elsewhere anyway.
         */
        static Ordering of(String query) {
            Expr expr;
            try {
                expr = Expr.unwrapParens(Parser.parse(query));
            } catch (RuntimeException unparsable) {
                return ANY;
            }
            return orderingOf(expr).withValueLabels(countValuesLabels(query));
        }

        private static Ordering orderingOf(Expr expr) {
            if (expr instanceof Call call
                    && (call.function().name().equals("sort") || call.function().name().equals("sort_desc"))) {
                return new Ordering(Kind.BY_VALUE, List.of(), false, false);
            }
            if (expr instanceof AggregateExpr aggregate
                    && (aggregate.op() == AggregationOp.TOPK || aggregate.op() == AggregationOp.BOTTOMK)) {
                return new Ordering(Kind.SELECTION_PER_GROUP, aggregate.grouping(), aggregate.without(),
                        aggregate.op() == AggregationOp.TOPK);
            }
            return ANY;
        }

        private SortedMap<String, String> groupOf(SortedMap<String, String> labels) {
            TreeMap<String, String> group = new TreeMap<>();
            for (Map.Entry<String, String> label : labels.entrySet()) {
                // topk/bottomk keep the metric name, but `without` groups never include it.
                boolean listed = grouping.contains(label.getKey());
                boolean keep = without ? !listed && !label.getKey().equals(Labels.METRIC_NAME) : listed;
                if (keep) {
                    group.put(label.getKey(), label.getValue());
                }
            }
            return group;
        }
    }

    private OutcomeComparison() {}

    /** The label names that count_values calls in {@code query} write values into. */
    static Set<String> countValuesLabels(String query) {
        Set<String> names = new HashSet<>();
        try {
            collectCountValuesLabels(Parser.parse(query), names);
        } catch (RuntimeException unparsable) {
            // No labels to treat as numbers.
        }
        return names;
    }

    private static void collectCountValuesLabels(Expr expr, Set<String> names) {
        if (expr instanceof AggregateExpr a) {
            if (a.op() == AggregationOp.COUNT_VALUES && Expr.unwrapParens(a.param()) instanceof StringLiteral label) {
                names.add(label.value());
            }
            collectCountValuesLabels(a.expr(), names);
        } else if (expr instanceof BinaryExpr b) {
            collectCountValuesLabels(b.lhs(), names);
            collectCountValuesLabels(b.rhs(), names);
        } else if (expr instanceof Call c) {
            c.args().forEach(arg -> collectCountValuesLabels(arg, names));
        } else if (expr instanceof ParenExpr p) {
            collectCountValuesLabels(p.expr(), names);
        } else if (expr instanceof UnaryExpr u) {
            collectCountValuesLabels(u.expr(), names);
        } else if (expr instanceof SubqueryExpr sq) {
            collectCountValuesLabels(sq.expr(), names);
        }
    }

    /** Rewrites float-valued labels to 12 significant digits, so that last-bit differences vanish. */
    private static Outcome.Success roundValueLabels(Outcome.Success outcome, Set<String> valueLabels) {
        if (valueLabels.isEmpty()) {
            return outcome;
        }
        List<Outcome.ResultSeries> series = new ArrayList<>();
        for (Outcome.ResultSeries s : outcome.series()) {
            TreeMap<String, String> labels = new TreeMap<>(s.labels());
            for (String name : valueLabels) {
                String value = labels.get(name);
                if (value != null) {
                    try {
                        double v = Double.parseDouble(value.replace("Inf", "Infinity"));
                        if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                            labels.put(name, new BigDecimal(v).round(new MathContext(12)).stripTrailingZeros()
                                    .toPlainString());
                        }
                    } catch (NumberFormatException notANumber) {
                        // Keep labels that are not numbers as they are.
                    }
                }
            }
            series.add(new Outcome.ResultSeries(labels, s.timestamps(), s.values()));
        }
        return new Outcome.Success(outcome.type(), series, outcome.string());
    }

    /** Our value in the comparable shape. */
    static Outcome of(Value value) {
        if (value instanceof Scalar s) {
            return new Outcome.Success("scalar",
                    List.of(new Outcome.ResultSeries(new TreeMap<>(), new long[] {s.timestamp()}, new double[] {s.value()})),
                    null);
        }
        if (value instanceof StringValue s) {
            return new Outcome.Success("string", List.of(), s.value());
        }
        List<Outcome.ResultSeries> series = new ArrayList<>();
        if (value instanceof Vector v) {
            for (Sample sample : v.samples()) {
                series.add(new Outcome.ResultSeries(labels(sample.labels()), new long[] {sample.timestamp()},
                        new double[] {sample.value()}));
            }
            return new Outcome.Success("vector", series, null);
        }
        for (RangeSeries s : ((Matrix) value).series()) {
            long[] ts = new long[s.size()];
            double[] vs = new double[s.size()];
            for (int i = 0; i < s.size(); i++) {
                ts[i] = s.timestamp(i);
                vs[i] = s.value(i);
            }
            series.add(new Outcome.ResultSeries(labels(s.labels()), ts, vs));
        }
        return new Outcome.Success("matrix", series, null);
    }

    private static SortedMap<String, String> labels(Labels labels) {
        TreeMap<String, String> map = new TreeMap<>();
        for (Map.Entry<String, String> label : labels.toMap().entrySet()) {
            map.put(label.getKey(), label.getValue());
        }
        return map;
    }

    /**
     * Whether Prometheus' {@code errorType} is the one its HTTP API gives for our error code:
     * {@code bad_data} for queries that do not parse or type-check, {@code execution} for
     * failures while evaluating.
     */
    static boolean sameErrorKind(String prometheus, String ours) {
        return switch (ours) {
            case "PARSE_ERROR", "INVALID_ARGUMENT" -> prometheus.equals("bad_data");
            case "EXECUTION", "TOO_MANY_SAMPLES" -> prometheus.equals("execution");
            case "TIMEOUT" -> prometheus.equals("timeout");
            case "CANCELED" -> prometheus.equals("canceled");
            case "STORAGE" -> prometheus.equals("internal");
            default -> false;
        };
    }

    /** Empty if {@code ours} equals {@code prometheus}, else what differs. */
    static Optional<String> difference(Outcome prometheus, Outcome ours, Ordering ordering) {
        if (prometheus instanceof Outcome.Failure p && ours instanceof Outcome.Failure o) {
            return sameErrorKind(p.kind(), o.kind())
                    ? Optional.empty()
                    : Optional.of("error kinds differ: Prometheus " + p.kind() + ", ours " + o.kind());
        }
        if (prometheus instanceof Outcome.Failure || ours instanceof Outcome.Failure) {
            return Optional.of(prometheus instanceof Outcome.Failure ? "only Prometheus failed" : "only we failed");
        }
        Outcome.Success expected = roundValueLabels((Outcome.Success) prometheus, ordering.valueLabels());
        Outcome.Success actual = roundValueLabels((Outcome.Success) ours, ordering.valueLabels());
        if (!expected.type().equals(actual.type())) {
            return Optional.of("result type " + actual.type() + ", expected " + expected.type());
        }
        if (expected.type().equals("string")) {
            return expected.string().equals(actual.string())
                    ? Optional.empty()
                    : Optional.of("string \"" + actual.string() + "\", expected \"" + expected.string() + "\"");
        }
        if (ordering.kind() == Ordering.Kind.SELECTION_PER_GROUP) {
            return sameSelection(expected, actual, ordering);
        }
        Optional<String> sets = sameSeries(expected.series(), actual.series());
        if (sets.isPresent() || ordering.kind() == Ordering.Kind.ANY || !expected.type().equals("vector")) {
            return sets;
        }
        return sameValueOrder(expected.series(), actual.series(), "");
    }

    /**
     * topk/bottomk: per step and group the same values, in the same order for an instant vector,
     * and the same series for every value but the last one selected. Which of several series
     * tied at that boundary value Prometheus keeps depends on the order of its input, which in a
     * range query or over a subquery comes from iterating a Go map: it can change from one run of
     * the same query to the next, so any choice among the tied series is accepted.
     */
    private static Optional<String> sameSelection(Outcome.Success expected, Outcome.Success actual, Ordering ordering) {
        Map<List<Object>, List<Point>> expectedGroups = pointsByStepAndGroup(expected, ordering);
        Map<List<Object>, List<Point>> actualGroups = pointsByStepAndGroup(actual, ordering);
        Set<List<Object>> keys = new LinkedHashSet<>(expectedGroups.keySet());
        keys.addAll(actualGroups.keySet());
        for (List<Object> key : keys) {
            List<Point> e = expectedGroups.getOrDefault(key, List.of());
            List<Point> a = actualGroups.getOrDefault(key, List.of());
            String where = " at " + key.get(0) + " in group " + key.get(1);
            if (e.size() != a.size()) {
                return Optional.of(a.size() + " series selected" + where + ", expected " + e.size() + ": ours " + a
                        + ", Prometheus " + e);
            }
            if (expected.type().equals("vector")) {
                for (int i = 0; i < e.size(); i++) {
                    if (!close(e.get(i).value(), a.get(i).value())) {
                        return Optional.of("order or values differ" + where + ": ours " + a + ", Prometheus " + e);
                    }
                }
            }
            List<Point> es = new ArrayList<>(e);
            List<Point> as = new ArrayList<>(a);
            Comparator<Point> byValue = (x, y) -> Double.compare(x.value(), y.value());
            es.sort(byValue);
            as.sort(byValue);
            for (int i = 0; i < es.size(); i++) {
                if (!close(es.get(i).value(), as.get(i).value())) {
                    return Optional.of("selected values differ" + where + ": ours " + a + ", Prometheus " + e);
                }
            }
            if (e.isEmpty()) {
                continue;
            }
            double boundary = boundary(e, ordering.topk());
            Set<SortedMap<String, String>> expectedLabels = new HashSet<>();
            Set<SortedMap<String, String>> actualLabels = new HashSet<>();
            e.stream().filter(p -> !close(p.value(), boundary)).forEach(p -> expectedLabels.add(p.labels()));
            a.stream().filter(p -> !close(p.value(), boundary)).forEach(p -> actualLabels.add(p.labels()));
            if (!expectedLabels.equals(actualLabels)) {
                return Optional.of("selected series differ" + where + ": ours " + a + ", Prometheus " + e);
            }
        }
        return Optional.empty();
    }

    /** The value of the last series topk (or bottomk) would keep: the smallest (largest), NaN before all. */
    private static double boundary(List<Point> selected, boolean topk) {
        double boundary = selected.get(0).value();
        for (Point p : selected) {
            double v = p.value();
            if (Double.isNaN(v) || (!Double.isNaN(boundary) && (topk ? v < boundary : v > boundary))) {
                boundary = v;
            }
        }
        return boundary;
    }

    /** One point of one series. */
    private record Point(SortedMap<String, String> labels, double value) {
        @Override
        public String toString() {
            return labels + "=" + value;
        }
    }

    private static Map<List<Object>, List<Point>> pointsByStepAndGroup(Outcome.Success outcome, Ordering ordering) {
        Map<List<Object>, List<Point>> groups = new TreeMap<>(
                Comparator.comparing((List<Object> k) -> (Long) k.get(0)).thenComparing(k -> k.get(1).toString()));
        for (Outcome.ResultSeries s : outcome.series()) {
            for (int i = 0; i < s.timestamps().length; i++) {
                groups.computeIfAbsent(List.of(s.timestamps()[i], ordering.groupOf(s.labels())), k -> new ArrayList<>())
                        .add(new Point(s.labels(), s.values()[i]));
            }
        }
        return groups;
    }

    /** Same values in the same order; which of several equal values comes first does not matter. */
    private static Optional<String> sameValueOrder(List<Outcome.ResultSeries> expected, List<Outcome.ResultSeries> actual,
            String where) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            double e = expected.get(i).values()[0];
            double a = actual.get(i).values()[0];
            if (!close(e, a)) {
                return Optional.of("order differs" + where + " at position " + i + ": " + actual.get(i)
                        + ", expected " + expected.get(i));
            }
        }
        return Optional.empty();
    }

    private static final Comparator<Outcome.ResultSeries> BY_LABELS = (a, b) -> {
        Iterator<Map.Entry<String, String>> x = a.labels().entrySet().iterator();
        Iterator<Map.Entry<String, String>> y = b.labels().entrySet().iterator();
        while (x.hasNext() && y.hasNext()) {
            Map.Entry<String, String> l = x.next();
            Map.Entry<String, String> r = y.next();
            int c = l.getKey().compareTo(r.getKey());
            if (c == 0) {
                c = l.getValue().compareTo(r.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(x.hasNext(), y.hasNext());
    };

    /** The same multiset of label sets, each with equal points. */
    private static Optional<String> sameSeries(List<Outcome.ResultSeries> expected, List<Outcome.ResultSeries> actual) {
        List<Outcome.ResultSeries> e = new ArrayList<>(expected);
        List<Outcome.ResultSeries> a = new ArrayList<>(actual);
        Comparator<Outcome.ResultSeries> order = BY_LABELS.thenComparing(s -> s.values().length > 0 ? s.values()[0] : 0);
        e.sort(order);
        a.sort(order);
        List<String> problems = new ArrayList<>();
        int i = 0;
        int j = 0;
        while ((i < e.size() || j < a.size()) && problems.size() < 5) {
            int c = i == e.size() ? 1 : j == a.size() ? -1 : BY_LABELS.compare(e.get(i), a.get(j));
            if (c < 0) {
                problems.add("missing " + e.get(i));
                i++;
            } else if (c > 0) {
                problems.add("unexpected " + a.get(j));
                j++;
            } else {
                Optional<String> points = samePoints(e.get(i), a.get(j));
                points.ifPresent(problems::add);
                i++;
                j++;
            }
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(e.size() + " series expected, " + a.size() + " returned: " + String.join("; ", problems));
    }

    private static Optional<String> samePoints(Outcome.ResultSeries expected, Outcome.ResultSeries actual) {
        boolean same = expected.timestamps().length == actual.timestamps().length;
        for (int k = 0; same && k < expected.timestamps().length; k++) {
            same = expected.timestamps()[k] == actual.timestamps()[k] && close(expected.values()[k], actual.values()[k]);
        }
        if (same) {
            return Optional.empty();
        }
        return Optional.of("points differ for " + expected.labelsText() + ":\n      ours:       "
                + actual + "\n      Prometheus: " + expected);
    }

    /**
     * True if both succeeded with bit-for-bit equal values (any NaN equals any NaN) and the same
     * labels and timestamps, ignoring series order. For reporting how often the tolerance matters.
     */
    static boolean identical(Outcome prometheus, Outcome ours) {
        if (!(prometheus instanceof Outcome.Success e) || !(ours instanceof Outcome.Success a)) {
            return false;
        }
        if (e.series().size() != a.series().size()) {
            return false;
        }
        List<Outcome.ResultSeries> es = new ArrayList<>(e.series());
        List<Outcome.ResultSeries> as = new ArrayList<>(a.series());
        es.sort(BY_LABELS);
        as.sort(BY_LABELS);
        for (int i = 0; i < es.size(); i++) {
            Outcome.ResultSeries x = es.get(i);
            Outcome.ResultSeries y = as.get(i);
            if (!x.labels().equals(y.labels()) || !Arrays.equals(x.timestamps(), y.timestamps())
                    || x.values().length != y.values().length) {
                return false;
            }
            for (int k = 0; k < x.values().length; k++) {
                if (Double.doubleToLongBits(x.values()[k]) != Double.doubleToLongBits(y.values()[k])) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean close(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (Double.isInfinite(expected) || Double.isInfinite(actual) || expected == actual) {
            return expected == actual;
        }
        return Math.abs(expected - actual) <= RELATIVE_TOLERANCE * Math.max(Math.abs(expected), Math.abs(actual));
    }
}
