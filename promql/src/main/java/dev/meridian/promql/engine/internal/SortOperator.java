package dev.meridian.promql.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import java.util.Arrays;
import java.util.List;

/**
 * {@code sort} and {@code sort_desc}: orders each step's samples by value, NaN last either way.
 * Order is only observable in instant queries; range query results are sorted by labels.
 */
final class SortOperator extends BaseOperator {
    private final VectorOperator child;
    private final boolean descending;

    SortOperator(StepGrid grid, QueryContext ctx, VectorOperator child, boolean descending) {
        super(grid, ctx);
        this.child = requireNonNull(child, "child is null");
        this.descending = descending;
    }

    @Override
    protected List<Labels> computeSeries() {
        return child.series();
    }

    @Override
    protected void fill(StepVector[] batch, int firstStep) {
        StepVector[] in = pull(child, batch.length);
        for (int i = 0; i < batch.length; i++) {
            StepVector source = in[i];
            Integer[] order = new Integer[source.size()];
            for (int j = 0; j < order.length; j++) {
                order[j] = j;
            }
            Arrays.sort(order, (a, b) -> compare(source.value(a), source.value(b)));
            for (int index : order) {
                batch[i].add(source.id(index), source.value(index));
            }
        }
    }

    private int compare(double a, double b) {
        boolean nanA = Double.isNaN(a);
        boolean nanB = Double.isNaN(b);
        if (nanA || nanB) {
            return Boolean.compare(nanA, nanB);
        }
        return descending ? Double.compare(b, a) : Double.compare(a, b);
    }

    @Override
    public void close() {
        child.close();
    }
}
