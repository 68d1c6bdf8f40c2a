package dev.meridian.promql.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ast.BinaryOp;
import dev.meridian.promql.labels.Labels;
import java.util.List;

/** A binary operation between two scalars (comparisons always with {@code bool}). */
final class ScalarBinaryOperator extends BaseOperator {
    private final VectorOperator lhs;
    private final VectorOperator rhs;
    private final BinaryOp op;

    ScalarBinaryOperator(StepGrid grid, QueryContext ctx, VectorOperator lhs, VectorOperator rhs, BinaryOp op) {
        super(grid, ctx);
        this.lhs = requireNonNull(lhs, "lhs is null");
        this.rhs = requireNonNull(rhs, "rhs is null");
        this.op = requireNonNull(op, "op is null");
    }

    @Override
    protected List<Labels> computeSeries() {
        lhs.series();
        rhs.series();
        return List.of(Labels.EMPTY);
    }

    @Override
    protected void fill(StepVector[] batch, int firstStep) {
        StepVector[] l = pull(lhs, batch.length);
        StepVector[] r = pull(rhs, batch.length);
        for (int i = 0; i < batch.length; i++) {
            batch[i].add(0, Arithmetic.apply(op, l[i].value(0), r[i].value(0)));
        }
    }

    @Override
    public void close() {
        lhs.close();
        rhs.close();
    }
}
