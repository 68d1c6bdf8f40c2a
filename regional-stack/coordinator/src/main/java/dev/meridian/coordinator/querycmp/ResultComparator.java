package dev.meridian.coordinator.querycmp;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Compares a target's answer to a reference's answer to the same query. The rules:
 *
 * <ul>
 *   <li>An endpoint that gave no usable answer ({@link QueryResponse.Unanswered}: unreachable,
 *       timed out, not a Prometheus response) is always a mismatch, even when both did.
 *   <li>Both answered with an API error: a match when the {@code errorType}s are equal (the
 *       messages may be worded differently); otherwise a mismatch naming both types and messages.
 *       One side erroring while the other has data is a mismatch.
 *   <li>Different {@code resultType}s are a mismatch.
 *   <li>Strings: timestamps exactly, text exactly.
 *   <li>Matrices, vectors and scalars: the ignored labels are first removed from every series of
 *       both answers; then series are matched by their full label set (label order in
 *       the JSON does not matter, nor does series order: {@code sort()} and {@code topk} order is
 *       not checked). A series on one side only is a mismatch, as is a label set that appears
 *       twice on one side. In matched series, timestamps must be equal exactly, and values
 *       equal under the {@link Tolerance} (NaN equals NaN, infinities exactly).
 * </ul>
 *
 * Each difference is one sentence; for a series whose points differ, the first
 * {@value #POINTS_SHOWN} differing points are shown and the rest counted.
 */
public final class ResultComparator {
    static final int POINTS_SHOWN = 3;

    private final Tolerance tolerance;
    private final Set<String> ignoredLabels;

    public ResultComparator(Tolerance tolerance) {
        this(tolerance, Set.of());
    }

    /**
     * @param ignoredLabels label names removed from every series of both answers before series
     *     are matched, e.g. {@code region} when the target is a Meridian region
     */
    public ResultComparator(Tolerance tolerance, Set<String> ignoredLabels) {
        this.tolerance = requireNonNull(tolerance, "tolerance is null");
        this.ignoredLabels = Set.copyOf(requireNonNull(ignoredLabels, "ignoredLabels is null"));
    }

    public Comparison compare(QueryResponse reference, QueryResponse target) {
        requireNonNull(reference, "reference is null");
        requireNonNull(target, "target is null");
        List<String> differences = new ArrayList<>();
        if (reference instanceof QueryResponse.Unanswered r) {
            differences.add("reference " + r.reason());
        }
        if (target instanceof QueryResponse.Unanswered t) {
            differences.add("target " + t.reason());
        }
        if (!differences.isEmpty()) {
            return new Comparison(differences);
        }
        if (reference instanceof QueryResponse.ApiError r && target instanceof QueryResponse.ApiError t) {
            if (!r.errorType().equals(t.errorType())) {
                differences.add("errorType differs: reference " + describe(r) + ", target " + describe(t));
            }
            return new Comparison(differences);
        }
        if (reference instanceof QueryResponse.ApiError || target instanceof QueryResponse.ApiError) {
            differences.add("reference " + describe(reference) + ", target " + describe(target));
            return new Comparison(differences);
        }
        if (reference instanceof QueryResponse.Text r && target instanceof QueryResponse.Text t) {
            if (r.timestampMillis() != t.timestampMillis() || !r.value().equals(t.value())) {
                differences.add("string differs: reference [" + ApiTimes.formatSeconds(r.timestampMillis()) + ", \""
                        + r.value() + "\"], target [" + ApiTimes.formatSeconds(t.timestampMillis()) + ", \"" + t.value() + "\"]");
            }
            return new Comparison(differences);
        }
        if (reference instanceof QueryResponse.Samples r && target instanceof QueryResponse.Samples t
                && r.type() == t.type()) {
            compareSeries(r.series(), t.series(), differences);
            return new Comparison(differences);
        }
        differences.add("resultType differs: reference " + describe(reference) + ", target " + describe(target));
        return new Comparison(differences);
    }

    private void compareSeries(List<Series> reference, List<Series> target, List<String> differences) {
        Map<SortedMap<String, String>, Series> referenceByLabels = byLabels(reference, "reference", differences);
        Map<SortedMap<String, String>, Series> targetByLabels = byLabels(target, "target", differences);
        for (Series series : referenceByLabels.values()) {
            Series other = targetByLabels.get(series.labels());
            if (other == null) {
                differences.add("series only on reference: " + series.describeLabels());
            } else {
                comparePoints(series, other, differences);
            }
        }
        for (Series series : targetByLabels.values()) {
            if (!referenceByLabels.containsKey(series.labels())) {
                differences.add("series only on target: " + series.describeLabels());
            }
        }
    }

    private Map<SortedMap<String, String>, Series> byLabels(List<Series> series, String side, List<String> differences) {
        Map<SortedMap<String, String>, Series> byLabels = new LinkedHashMap<>();
        for (Series original : series) {
            Series s = withoutIgnoredLabels(original);
            if (byLabels.putIfAbsent(s.labels(), s) != null) {
                differences.add("series appears twice on " + side + ": " + s.describeLabels());
            }
        }
        return byLabels;
    }

    /**
     * The series without the ignored labels. Two series that then share a label set are reported
     * as appearing twice: they cannot be told apart any more.
     */
    private Series withoutIgnoredLabels(Series series) {
        if (ignoredLabels.isEmpty() || ignoredLabels.stream().noneMatch(series.labels()::containsKey)) {
            return series;
        }
        SortedMap<String, String> labels = new TreeMap<>(series.labels());
        labels.keySet().removeAll(ignoredLabels);
        return new Series(labels, series.points());
    }

    /**
     * Walks both point lists in timestamp order (Prometheus sends them sorted), pairing points
     * with equal timestamps; a point without a partner is a difference, as is a pair whose
     * values are not equal under the tolerance.
     */
    private void comparePoints(Series reference, Series target, List<String> differences) {
        List<Point> r = reference.points();
        List<Point> t = target.points();
        List<String> shown = new ArrayList<>();
        int differing = 0;
        int timestamps = 0;
        int i = 0;
        int j = 0;
        while (i < r.size() || j < t.size()) {
            timestamps++;
            String difference;
            if (j == t.size() || (i < r.size() && r.get(i).timestampMillis() < t.get(j).timestampMillis())) {
                difference = "@" + ApiTimes.formatSeconds(r.get(i).timestampMillis()) + " reference=" + format(r.get(i).value())
                        + " target=(no point)";
                i++;
            } else if (i == r.size() || t.get(j).timestampMillis() < r.get(i).timestampMillis()) {
                difference = "@" + ApiTimes.formatSeconds(t.get(j).timestampMillis()) + " reference=(no point) target="
                        + format(t.get(j).value());
                j++;
            } else {
                double a = r.get(i).value();
                double b = t.get(j).value();
                difference = tolerance.equal(a, b) ? null
                        : "@" + ApiTimes.formatSeconds(r.get(i).timestampMillis()) + " reference=" + format(a) + " target=" + format(b);
                i++;
                j++;
            }
            if (difference != null) {
                differing++;
                if (shown.size() < POINTS_SHOWN) {
                    shown.add(difference);
                }
            }
        }
        if (differing > 0) {
            differences.add("series " + reference.describeLabels() + ": " + differing + " of "
                    + timestamps + " points differ: " + String.join(", ", shown)
                    + (differing > shown.size() ? ", ..." : ""));
        }
    }

    private static String describe(QueryResponse response) {
        // Java 17 has no pattern matching in switch; the chain covers every permitted subtype.
        if (response instanceof QueryResponse.Samples s) {
            return s.type().apiName() + " of " + s.series().size() + " series";
        } else if (response instanceof QueryResponse.Text) {
            return "string";
        } else if (response instanceof QueryResponse.ApiError e) {
            return "error " + e.errorType() + " (\"" + e.message() + "\")";
        } else {
            return "no answer (" + ((QueryResponse.Unanswered) response).reason() + ")";
        }
    }

    /** A value as Prometheus writes it: {@code NaN}, {@code +Inf}, {@code -Inf}, or the shortest decimal. */
    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
