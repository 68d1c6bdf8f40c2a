package dev.meridian.promql.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.syntax.Numbers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code histogram_quantile(φ, buckets)} over classic histograms: series are grouped by all
 * labels but {@code le}; each group's buckets give the φ-quantile by linear interpolation within
 * the bucket that holds it. The result drops {@code __name__} and {@code le}. Series whose
 * {@code le} is missing or not a number are ignored.
 */
final class HistogramQuantileOperator extends BaseOperator {
    private static final String BUCKET_LABEL = "le";

    private final VectorOperator child;
    private final ScalarArgs quantile;
    private int[] groupOf;
    private double[] upperBoundOf;
    private int groupCount;
    private SeriesMapping mapping;

    HistogramQuantileOperator(StepGrid grid, QueryContext ctx, VectorOperator quantile, VectorOperator child) {
        super(grid, ctx);
        this.child = requireNonNull(child, "child is null");
        this.quantile = new ScalarArgs(List.of(quantile));
    }

    @Override
    protected List<Labels> computeSeries() {
        List<Labels> inputs = child.series();
        groupOf = new int[inputs.size()];
        upperBoundOf = new double[inputs.size()];
        Map<Labels, Integer> groups = new HashMap<>();
        List<Labels> groupOutputs = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Labels labels = inputs.get(i);
            try {
                upperBoundOf[i] = Numbers.parseFloat(labels.get(BUCKET_LABEL));
            } catch (NumberFormatException e) {
                groupOf[i] = -1;
                continue;
            }
            Labels key = labels.without(Set.of(BUCKET_LABEL));
            Integer group = groups.get(key);
            if (group == null) {
                group = groupOutputs.size();
                groups.put(key, group);
                groupOutputs.add(key.withoutMetricName());
            }
            groupOf[i] = group;
        }
        groupCount = groupOutputs.size();
        mapping = SeriesMapping.of(groupOutputs, SeriesMapping.Mode.PER_STEP);
        return mapping.outputs();
    }

    @Override
    protected void fill(StepVector[] batch, int firstStep) {
        StepVector[] in = pull(child, batch.length);
        quantile.pull(batch.length);
        Buckets[] buckets = new Buckets[groupCount];
        List<Integer> touched = new ArrayList<>();
        for (int i = 0; i < batch.length; i++) {
            double q = quantile.value(0, i);
            touched.clear();
            StepVector source = in[i];
            for (int j = 0; j < source.size(); j++) {
                int id = source.id(j);
                int group = groupOf[id];
                if (group < 0) {
                    continue;
                }
                Buckets b = buckets[group];
                if (b == null) {
                    b = new Buckets();
                    buckets[group] = b;
                }
                if (b.size == 0) {
                    touched.add(group);
                }
                b.add(upperBoundOf[id], source.value(j));
            }
            mapping.startStep();
            for (int group : touched) {
                Buckets b = buckets[group];
                batch[i].add(mapping.claim(group), bucketQuantile(q, b));
                b.size = 0;
            }
        }
    }

    /** Buckets of one histogram at one step: upper bounds and cumulative counts. */
    private static final class Buckets {
        double[] upper = new double[16];
        double[] count = new double[16];
        int size;

        void add(double upperBound, double cumulativeCount) {
            if (size == upper.length) {
                upper = Arrays.copyOf(upper, size * 2);
                count = Arrays.copyOf(count, size * 2);
            }
            upper[size] = upperBound;
            count[size] = cumulativeCount;
            size++;
        }
    }

    /**
     * The quantile from cumulative buckets, as Prometheus computes it: buckets are sorted by upper
     * bound; the highest must be +Inf (else NaN); buckets with equal bounds are merged and counts
     * made monotonic. The rank {@code q * total} is located by binary search and interpolated
     * linearly inside its bucket, from 0 for the lowest bucket if its bound is positive. A rank in
     * the +Inf bucket yields the second-highest bound.
     */
    static double bucketQuantile(double q, Buckets in) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        int n = in.size;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(in.upper[a], in.upper[b]));
        if (in.upper[order[n - 1]] != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        // Coalesce equal upper bounds, then enforce monotonic counts.
        double[] upper = new double[n];
        double[] count = new double[n];
        int m = 0;
        for (int index : order) {
            if (m > 0 && upper[m - 1] == in.upper[index]) {
                count[m - 1] += in.count[index];
            } else {
                upper[m] = in.upper[index];
                count[m] = in.count[index];
                m++;
            }
        }
        double max = count[0];
        for (int i = 1; i < m; i++) {
            if (count[i] > max) {
                max = count[i];
            } else if (count[i] < max) {
                count[i] = max;
            }
        }
        if (m < 2) {
            return Double.NaN;
        }
        double observations = count[m - 1];
        if (observations == 0) {
            return Double.NaN;
        }
        double rank = q * observations;
        int b = 0;
        int hi = m - 1;
        while (b < hi) {
            int mid = (b + hi) >>> 1;
            if (count[mid] >= rank) {
                hi = mid;
            } else {
                b = mid + 1;
            }
        }
        if (b == m - 1) {
            return upper[m - 2];
        }
        if (b == 0 && upper[0] <= 0) {
            return upper[0];
        }
        double bucketStart = 0;
        double bucketEnd = upper[b];
        double bucketCount = count[b];
        if (b > 0) {
            bucketStart = upper[b - 1];
            bucketCount -= count[b - 1];
            rank -= count[b - 1];
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / bucketCount);
    }

    @Override
    public void close() {
        child.close();
        quantile.close();
    }
}
