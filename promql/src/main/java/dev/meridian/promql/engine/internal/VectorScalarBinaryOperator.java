package dev.meridian.promql.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ast.BinaryOp;
import dev.meridian.promql.labels.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * A binary operation between an instant vector and a scalar, in either order. Arithmetic and
 * {@code bool} comparisons drop the metric name; a comparison without {@code bool} keeps the
 * samples for which it holds, with the vector's value (even when the scalar is on the left).
 */
final class VectorScalarBinaryOperator extends BaseOperator {
    private final VectorOperator vector;
    private final VectorOperator scalar;
    private final BinaryOp op;
    private final boolean returnBool;
    private final boolean scalarOnLeft;
    private SeriesMapping mapping;

    VectorScalarBinaryOperator(StepGrid grid, QueryContext ctx, VectorOperator vector, VectorOperator scalar, BinaryOp op,
            boolean returnBool, boolean scalarOnLeft) {
        super(grid, ctx);
        this.vector = requireNonNull(vector, "vector is null");
        this.scalar = requireNonNull(scalar, "scalar is null");
        this.op = requireNonNull(op, "op is null");
        this.returnBool = returnBool;
        this.scalarOnLeft = scalarOnLeft;
    }

    @Override
    protected List<Labels> computeSeries() {
        scalar.series();
        boolean drop = op.dropsMetricName() || returnBool;
        List<Labels> outputs = new ArrayList<>();
        for (Labels labels : vector.series()) {
            outputs.add(drop ? labels.withoutMetricName() : labels);
        }
        mapping = SeriesMapping.of(outputs, SeriesMapping.Mode.PER_STEP);
        return mapping.outputs();
    }

    @Override
    protected void fill(StepVector[] batch, int firstStep) {
        StepVector[] v;
        StepVector[] s;
        if (scalarOnLeft) {
            s = pull(scalar, batch.length);
            v = pull(vector, batch.length);
        } else {
            v = pull(vector, batch.length);
            s = pull(scalar, batch.length);
        }
        for (int i = 0; i < batch.length; i++) {
            double sv = s[i].value(0);
            StepVector source = v[i];
            mapping.startStep();
            for (int j = 0; j < source.size(); j++) {
                double vv = source.value(j);
                double lv = scalarOnLeft ? sv : vv;
                double rv = scalarOnLeft ? vv : sv;
                if (Arithmetic.keeps(op, returnBool, lv, rv)) {
                    // A filtering comparison keeps the vector's value, whichever side it is on.
                    batch[i].add(mapping.claim(source.id(j)), Arithmetic.result(op, returnBool, lv, rv, vv));
                }
            }
        }
    }

    @Override
    public void close() {
        vector.close();
        scalar.close();
    }
}
