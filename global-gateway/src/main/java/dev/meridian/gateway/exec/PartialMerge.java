package dev.meridian.gateway.exec;

import static java.util.Objects.requireNonNull;

import dev.meridian.gateway.plan.Merge;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.value.Matrix;
import dev.meridian.promql.value.RangeSeries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;

/**
 * Merges the regions' results of one pushdown into the result of the pushed node, at the query's
 * steps. For the partial aggregations, a group's value at a step combines the values the regions
 * reported for the same label set at that step (a region without the group at a step has no
 * series there, exactly as if its series were absent from the global aggregation):
 *
 * <ul>
 *   <li>SUM: the sum (for sum, count, count_values);
 *   <li>MIN / MAX: Prometheus' rule, a NaN is replaced by any later value, so the result is NaN
 *       only if every region's is;
 *   <li>GROUP: 1;
 *   <li>AVG: the sum of the regions' sums over the sum of their counts;
 *   <li>STDVAR / STDDEV: {@link ParallelVariance} over the regions' (count, avg, stdvar).
 * </ul>
 *
 * UNION puts the regions' series side by side. The output is sorted by labels.
 */
final class PartialMerge {
    private PartialMerge() {}

    /**
     * @param regions per region, its series by part role ({@code sum}, {@code count}, ...)
     */
    static Matrix merge(Merge merge, List<Map<String, List<RangeSeries>>> regions) {
        requireNonNull(merge, "merge is null");
        requireNonNull(regions, "regions is null");
        return switch (merge) {
            case UNION -> union(regions);
            case SUM -> fold(regions, v -> v, (acc, v) -> acc + v);
            case MIN -> fold(regions, v -> v, (acc, v) -> acc > v || Double.isNaN(acc) ? v : acc);
            case MAX -> fold(regions, v -> v, (acc, v) -> acc < v || Double.isNaN(acc) ? v : acc);
            case GROUP -> fold(regions, v -> 1, (acc, v) -> 1);
            case AVG -> average(regions);
            case STDVAR -> variance(regions, false);
            case STDDEV -> variance(regions, true);
        };
    }

    private interface Fold {
        double apply(double acc, double value);
    }

    private static Matrix union(List<Map<String, List<RangeSeries>>> regions) {
        List<RangeSeries> all = new ArrayList<>();
        for (Map<String, List<RangeSeries>> region : regions) {
            for (List<RangeSeries> series : region.values()) {
                all.addAll(series);
            }
        }
        all.sort(Comparator.comparing(RangeSeries::labels));
        return new Matrix(all);
    }

    /** Folds the single part of every region per label set and step, starting from {@code start(first value)}. */
    private static Matrix fold(List<Map<String, List<RangeSeries>>> regions, DoubleUnaryOperator start, Fold fold) {
        TreeMap<Labels, TreeMap<Long, double[]>> acc = new TreeMap<>();
        for (Map<String, List<RangeSeries>> region : regions) {
            for (List<RangeSeries> part : region.values()) {
                for (RangeSeries s : part) {
                    TreeMap<Long, double[]> points = acc.computeIfAbsent(s.labels(), k -> new TreeMap<>());
                    for (int i = 0; i < s.size(); i++) {
                        double v = s.value(i);
                        double[] cell = points.get(s.timestamp(i));
                        if (cell == null) {
                            points.put(s.timestamp(i), new double[] {start.applyAsDouble(v)});
                        } else {
                            cell[0] = fold.apply(cell[0], v);
                        }
                    }
                }
            }
        }
        return toMatrix(acc, cell -> cell[0]);
    }

    private static Matrix average(List<Map<String, List<RangeSeries>>> regions) {
        TreeMap<Labels, TreeMap<Long, double[]>> acc = new TreeMap<>();
        for (Map<String, List<RangeSeries>> region : regions) {
            add(acc, region.getOrDefault("sum", List.of()), 0, 2);
            add(acc, region.getOrDefault("count", List.of()), 1, 2);
        }
        return toMatrix(acc, cell -> cell[0] / cell[1]);
    }

    private static Matrix variance(List<Map<String, List<RangeSeries>>> regions, boolean sqrt) {
        TreeMap<Labels, TreeMap<Long, ParallelVariance>> acc = new TreeMap<>();
        for (Map<String, List<RangeSeries>> region : regions) {
            // This region's (count, avg, stdvar) per label set and step.
            TreeMap<Labels, TreeMap<Long, double[]>> parts = new TreeMap<>();
            add(parts, region.getOrDefault("count", List.of()), 0, 3);
            add(parts, region.getOrDefault("avg", List.of()), 1, 3);
            add(parts, region.getOrDefault("stdvar", List.of()), 2, 3);
            parts.forEach((labels, points) -> {
                TreeMap<Long, ParallelVariance> merged = acc.computeIfAbsent(labels, k -> new TreeMap<>());
                points.forEach((t, cell) -> merged.merge(t, ParallelVariance.of(cell[0], cell[1], cell[2]),
                        ParallelVariance::combine));
            });
        }
        TreeMap<Labels, TreeMap<Long, double[]>> values = new TreeMap<>();
        acc.forEach((labels, points) -> {
            TreeMap<Long, double[]> out = new TreeMap<>();
            points.forEach((t, v) -> out.put(t, new double[] {sqrt ? Math.sqrt(v.variance()) : v.variance()}));
            values.put(labels, out);
        });
        return toMatrix(values, cell -> cell[0]);
    }

    /** Adds each point's value into slot {@code slot} of its cell. */
    private static void add(TreeMap<Labels, TreeMap<Long, double[]>> acc, List<RangeSeries> series, int slot, int slots) {
        for (RangeSeries s : series) {
            TreeMap<Long, double[]> points = acc.computeIfAbsent(s.labels(), k -> new TreeMap<>());
            for (int i = 0; i < s.size(); i++) {
                points.computeIfAbsent(s.timestamp(i), k -> new double[slots])[slot] += s.value(i);
            }
        }
    }

    private interface CellValue {
        double of(double[] cell);
    }

    private static Matrix toMatrix(TreeMap<Labels, TreeMap<Long, double[]>> acc, CellValue value) {
        List<RangeSeries> out = new ArrayList<>(acc.size());
        acc.forEach((labels, points) -> {
            long[] ts = new long[points.size()];
            double[] vs = new double[points.size()];
            int i = 0;
            for (Map.Entry<Long, double[]> point : points.entrySet()) {
                ts[i] = point.getKey();
                vs[i] = value.of(point.getValue());
                i++;
            }
            out.add(new RangeSeries(labels, ts, vs));
        });
        return new Matrix(out);
    }
}
