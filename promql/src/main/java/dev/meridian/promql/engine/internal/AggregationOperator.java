package dev.meridian.promql.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ErrorCode;
import dev.meridian.promql.PromqlException;
import dev.meridian.promql.ast.AggregationOp;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.syntax.Numbers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The aggregations but {@code count_values}: groups each step's samples by their grouping labels
 * ({@code by} keeps the listed labels, {@code without} drops them and the metric name) and reduces
 * each group. Groups are emitted in order of first appearance; {@code topk}/{@code bottomk} emit
 * the selected input series themselves, highest (lowest) first, NaN last.
 */
final class AggregationOperator extends BaseOperator {
    private static final double MAX_INT64 = 9223372036854774784.0;
    private static final double MIN_INT64 = -9223372036854775808.0;

    private final VectorOperator child;
    private final AggregationOp op;
    private final List<String> grouping;
    private final boolean without;
    private final ScalarArgs param;
    private int[] groupOf;
    private int groupCount;

    // Per-group state for the current step.
    private long[] stampOf;
    private long stamp;
    private double[] value;
    private double[] mean;
    private long[] count;
    private DoubleList[] quantileValues;
    private SelectionHeap[] heaps;

    AggregationOperator(StepGrid grid, QueryContext ctx, VectorOperator child, AggregationOp op, List<String> grouping,
            boolean without, VectorOperator param) {
        super(grid, ctx);
        this.child = requireNonNull(child, "child is null");
        this.op = requireNonNull(op, "op is null");
        if (op == AggregationOp.COUNT_VALUES) {
            throw new IllegalArgumentException("count_values has its own operator");
        }
        this.grouping = List.copyOf(grouping);
        this.without = without;
        this.param = new ScalarArgs(param == null ? List.of() : List.of(param));
    }

    /** The labels a series is grouped by. */
    static Labels groupLabels(Labels labels, List<String> grouping, boolean without) {
        if (without) {
            Set<String> drop = new HashSet<>(grouping);
            drop.add(Labels.METRIC_NAME);
            return labels.without(drop);
        }
        return labels.keep(new HashSet<>(grouping));
    }

    @Override
    protected List<Labels> computeSeries() {
        List<Labels> inputs = child.series();
        groupOf = new int[inputs.size()];
        Map<Labels, Integer> groups = new HashMap<>();
        List<Labels> groupLabels = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Labels key = groupLabels(inputs.get(i), grouping, without);
            Integer group = groups.get(key);
            if (group == null) {
                group = groupLabels.size();
                groups.put(key, group);
                groupLabels.add(key);
            }
            groupOf[i] = group;
        }
        groupCount = groupLabels.size();
        stampOf = new long[groupCount];
        value = new double[groupCount];
        mean = new double[groupCount];
        count = new long[groupCount];
        if (op == AggregationOp.TOPK || op == AggregationOp.BOTTOMK) {
            heaps = new SelectionHeap[groupCount];
            return inputs;
        }
        if (op == AggregationOp.QUANTILE) {
            quantileValues = new DoubleList[groupCount];
        }
        return groupLabels;
    }

    @Override
    protected void fill(StepVector[] batch, int firstStep) {
        StepVector[] in = pull(child, batch.length);
        param.pull(batch.length);
        int[] order = new int[Math.max(groupCount, 1)];
        for (int i = 0; i < batch.length; i++) {
            StepVector source = in[i];
            long k = 0;
            if (op == AggregationOp.TOPK || op == AggregationOp.BOTTOMK) {
                double f = param.value(0, i);
                if (!(f <= MAX_INT64 && f >= MIN_INT64)) {
                    throw new PromqlException(ErrorCode.EXECUTION, "Scalar value " + Numbers.format(f) + " overflows int64");
                }
                k = (long) f;
                if (k < 1) {
                    continue;
                }
            }
            stamp++;
            int groupsSeen = 0;
            for (int j = 0; j < source.size(); j++) {
                int id = source.id(j);
                double v = source.value(j);
                int g = groupOf[id];
                if (stampOf[g] != stamp) {
                    stampOf[g] = stamp;
                    order[groupsSeen++] = g;
                    start(g, id, v, k, source.size());
                } else {
                    accumulate(g, id, v, k);
                }
            }
            double q = op == AggregationOp.QUANTILE ? param.value(0, i) : 0;
            for (int n = 0; n < groupsSeen; n++) {
                emit(order[n], q, batch[i]);
            }
        }
    }

    private void start(int g, int id, double v, long k, int inputSize) {
        value[g] = v;
        mean[g] = v;
        count[g] = 1;
        switch (op) {
            case STDDEV, STDVAR -> value[g] = 0;
            case GROUP -> value[g] = 1;
            case QUANTILE -> {
                if (quantileValues[g] == null) {
                    quantileValues[g] = new DoubleList();
                }
                quantileValues[g].clear();
                quantileValues[g].add(v);
            }
            case TOPK, BOTTOMK -> {
                int capacity = (int) Math.min(k, inputSize);
                if (heaps[g] == null || heaps[g].capacity() < capacity) {
                    heaps[g] = new SelectionHeap(op == AggregationOp.TOPK, Math.max(capacity, 1));
                }
                heaps[g].reset(id, v);
            }
            default -> {
                // SUM, AVG, COUNT, MIN, MAX start from the first value.
            }
        }
    }

    private void accumulate(int g, int id, double v, long k) {
        switch (op) {
            case SUM -> value[g] += v;
            case AVG -> {
                count[g]++;
                double m = mean[g];
                if (Double.isInfinite(m)) {
                    if (Double.isInfinite(v) && (m > 0) == (v > 0)) {
                        return; // Same infinity: the mean stays.
                    }
                    if (!Double.isInfinite(v) && !Double.isNaN(v)) {
                        return; // A finite value cannot move an infinite mean.
                    }
                }
                // Divide both terms by the count to avoid overflow.
                mean[g] = m + (v / count[g] - m / count[g]);
            }
            case GROUP -> {
                // The value stays 1.
            }
            case MAX -> {
                if (value[g] < v || Double.isNaN(value[g])) {
                    value[g] = v;
                }
            }
            case MIN -> {
                if (value[g] > v || Double.isNaN(value[g])) {
                    value[g] = v;
                }
            }
            case COUNT -> count[g]++;
            case STDDEV, STDVAR -> {
                count[g]++;
                double delta = v - mean[g];
                mean[g] += delta / count[g];
                value[g] += delta * (v - mean[g]);
            }
            case QUANTILE -> quantileValues[g].add(v);
            case TOPK, BOTTOMK -> heaps[g].offer(id, v, k);
            case COUNT_VALUES -> throw new IllegalStateException("count_values has its own operator");
        }
    }

    private void emit(int g, double q, StepVector out) {
        switch (op) {
            case SUM, MIN, MAX, GROUP -> out.add(g, value[g]);
            case AVG -> out.add(g, mean[g]);
            case COUNT -> out.add(g, count[g]);
            case STDVAR -> out.add(g, value[g] / count[g]);
            case STDDEV -> out.add(g, Math.sqrt(value[g] / count[g]));
            case QUANTILE -> out.add(g, FloatMath.quantile(q, quantileValues[g].values(), quantileValues[g].size()));
            case TOPK, BOTTOMK -> heaps[g].emitSorted(out);
            case COUNT_VALUES -> throw new IllegalStateException("count_values has its own operator");
        }
    }

    @Override
    public void close() {
        child.close();
        param.close();
    }

    /** A growable list of doubles. */
    static final class DoubleList {
        private double[] values = new double[8];
        private int size;

        void add(double v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        void clear() {
            size = 0;
        }

        double[] values() {
            return values;
        }

        int size() {
            return size;
        }
    }

    /**
     * The k largest (topk) or smallest (bottomk) samples of a group, kept in a binary heap that
     * behaves exactly like Prometheus' (Go's container/heap with NaN ordered first), so ties and
     * NaNs select the same series.
     */
    static final class SelectionHeap {
        private final boolean top;
        private int[] ids;
        private double[] values;
        private int size;

        SelectionHeap(boolean top, int capacity) {
            this.top = top;
            this.ids = new int[capacity];
            this.values = new double[capacity];
        }

        int capacity() {
            return ids.length;
        }

        void reset(int id, double v) {
            ids[0] = id;
            values[0] = v;
            size = 1;
        }

        /** Heap order: the root is the sample to evict first. */
        private boolean less(int i, int j) {
            if (Double.isNaN(values[i])) {
                return true;
            }
            return top ? values[i] < values[j] : values[i] > values[j];
        }

        void offer(int id, double v, long k) {
            double root = values[0];
            boolean better = top ? root < v : root > v;
            if (size < k || better || Double.isNaN(root)) {
                if (size == k) {
                    if (k == 1) {
                        ids[0] = id;
                        values[0] = v;
                        return;
                    }
                    pop();
                }
                push(id, v);
            }
        }

        private void push(int id, double v) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            ids[size] = id;
            values[size] = v;
            size++;
            int j = size - 1;
            while (true) {
                int i = (j - 1) / 2;
                if (i == j || !less(j, i)) {
                    break;
                }
                swap(i, j);
                j = i;
            }
        }

        private void pop() {
            int n = size - 1;
            swap(0, n);
            int i = 0;
            while (true) {
                int j1 = 2 * i + 1;
                if (j1 >= n) {
                    break;
                }
                int j = j1;
                int j2 = j1 + 1;
                if (j2 < n && less(j2, j1)) {
                    j = j2;
                }
                if (!less(j, i)) {
                    break;
                }
                swap(i, j);
                i = j;
            }
            size--;
        }

        private void swap(int i, int j) {
            int id = ids[i];
            ids[i] = ids[j];
            ids[j] = id;
            double v = values[i];
            values[i] = values[j];
            values[j] = v;
        }

        /** Emits the selection best first, NaN last. */
        void emitSorted(StepVector out) {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> {
                double va = values[a];
                double vb = values[b];
                boolean nanA = Double.isNaN(va);
                boolean nanB = Double.isNaN(vb);
                if (nanA || nanB) {
                    return Boolean.compare(nanA, nanB);
                }
                return top ? Double.compare(vb, va) : Double.compare(va, vb);
            });
            for (int index : order) {
                out.add(ids[index], values[index]);
            }
        }
    }
}
