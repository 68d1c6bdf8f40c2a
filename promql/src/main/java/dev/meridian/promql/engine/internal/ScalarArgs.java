package dev.meridian.promql.engine.internal;

import java.util.List;

/** Pulls the batches of scalar-typed operand operators and reads their value per step. */
final class ScalarArgs implements AutoCloseable {
    private final List<VectorOperator> operators;
    private final double[][] values;

    ScalarArgs(List<VectorOperator> operators) {
        this.operators = List.copyOf(operators);
        this.values = new double[operators.size()][];
    }

    /** Pulls one batch from every operand. */
    void pull(int batchSize) {
        for (int a = 0; a < operators.size(); a++) {
            VectorOperator operator = operators.get(a);
            operator.series();
            StepVector[] batch = BaseOperator.pull(operator, batchSize);
            double[] v = new double[batchSize];
            for (int i = 0; i < batchSize; i++) {
                v[i] = batch[i].isEmpty() ? Double.NaN : batch[i].value(0);
            }
            values[a] = v;
        }
    }

    double value(int arg, int step) {
        return values[arg][step];
    }

    /** Copies all arguments at {@code step} into {@code out}. */
    void fill(int step, double[] out) {
        for (int a = 0; a < out.length; a++) {
            out[a] = values[a][step];
        }
    }

    @Override
    public void close() {
        operators.forEach(VectorOperator::close);
    }
}
