package dev.meridian.promql.engine.internal;

import dev.meridian.promql.ErrorCode;
import dev.meridian.promql.PromqlException;
import dev.meridian.promql.labels.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps input series to output series with unique labels, for operators that rewrite labels
 * (dropping the metric name, {@code label_replace}, vector matching). Several inputs may land on
 * the same output; Prometheus rejects that when it happens, in one of two ways:
 * <ul>
 *   <li>{@link Mode#PER_STEP}: two inputs give the same output a value at the same step (functions
 *       of instant vectors, binary operators);
 *   <li>{@link Mode#WHOLE_RANGE}: two inputs give the same output a value at any steps (functions
 *       of range vectors, unary minus).
 * </ul>
 * Either way the query fails with "vector cannot contain metrics with the same labelset".
 */
final class SeriesMapping {
    enum Mode {
        PER_STEP,
        WHOLE_RANGE
    }

    private static final String SAME_LABELSET = "vector cannot contain metrics with the same labelset";

    private final int[] outputOf;
    private final List<Labels> outputs;
    private final boolean injective;
    private final Mode mode;
    /** PER_STEP: the step number at which each output was last written. */
    private final long[] stampOf;
    private long currentStamp;
    /** WHOLE_RANGE: the input that first wrote each output, or -1. */
    private final int[] ownerOf;

    private SeriesMapping(int[] outputOf, List<Labels> outputs, boolean injective, Mode mode) {
        this.outputOf = outputOf;
        this.outputs = outputs;
        this.injective = injective;
        this.mode = mode;
        this.stampOf = injective || mode != Mode.PER_STEP ? null : new long[outputs.size()];
        this.ownerOf = injective || mode != Mode.WHOLE_RANGE ? null : filled(outputs.size());
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, -1);
        return a;
    }

    /** Builds the mapping; {@code outputLabels.get(i)} is the output labels of input {@code i}. */
    static SeriesMapping of(List<Labels> outputLabels, Mode mode) {
        int[] outputOf = new int[outputLabels.size()];
        Map<Labels, Integer> ids = new HashMap<>();
        List<Labels> outputs = new ArrayList<>();
        for (int i = 0; i < outputLabels.size(); i++) {
            Labels labels = outputLabels.get(i);
            Integer id = ids.get(labels);
            if (id == null) {
                id = outputs.size();
                ids.put(labels, id);
                outputs.add(labels);
            }
            outputOf[i] = id;
        }
        return new SeriesMapping(outputOf, outputs, outputs.size() == outputLabels.size(), mode);
    }

    List<Labels> outputs() {
        return outputs;
    }

    int outputOf(int input) {
        return outputOf[input];
    }

    /** Call before the entries of each step (PER_STEP mode). */
    void startStep() {
        currentStamp++;
    }

    /** Records that {@code input} writes its output now; fails if that breaks uniqueness. */
    int claim(int input) {
        int output = outputOf[input];
        if (injective) {
            return output;
        }
        if (mode == Mode.PER_STEP) {
            if (stampOf[output] == currentStamp) {
                throw new PromqlException(ErrorCode.EXECUTION, SAME_LABELSET);
            }
            stampOf[output] = currentStamp;
        } else {
            int owner = ownerOf[output];
            if (owner == -1) {
                ownerOf[output] = input;
            } else if (owner != input) {
                throw new PromqlException(ErrorCode.EXECUTION, SAME_LABELSET);
            }
        }
        return output;
    }
}
