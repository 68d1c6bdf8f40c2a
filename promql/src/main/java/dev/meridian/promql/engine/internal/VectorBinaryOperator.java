package dev.meridian.promql.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ErrorCode;
import dev.meridian.promql.PromqlException;
import dev.meridian.promql.ast.BinaryOp;
import dev.meridian.promql.ast.Cardinality;
import dev.meridian.promql.ast.VectorMatching;
import dev.meridian.promql.labels.Labels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * An arithmetic or comparison operation between two instant vectors, with vector matching.
 *
 * <p>Series pair up by match group (see {@link MatchSignatures}). On the "one" side (the right,
 * or the left for {@code group_right}) a group may have only one series per step; on the "many"
 * side, one per step as well unless {@code group_left}/{@code group_right} allows many. The
 * result has the labels of the many-side series, less the metric name for arithmetic, reduced to
 * the {@code on} labels (or without the {@code ignoring} labels) for one-to-one matching, plus the
 * {@code group_x(...)} labels taken from the one side.
 *
 * <p>All pairs that can ever match are found when the series are listed, so each step only looks
 * up arrays.
 */
final class VectorBinaryOperator extends BaseOperator {
    private final VectorOperator lhs;
    private final VectorOperator rhs;
    private final BinaryOp op;
    private final VectorMatching matching;
    private final boolean returnBool;
    private final boolean swapped;

    private MatchSignatures signatures;
    private int[] manySig;
    private int[] oneSig;
    /** For each many-side series, the one-side series it pairs with and the output of each pair. */
    private int[][] pairOne;
    private int[][] pairOutput;
    private SeriesMapping mapping;

    // Per-step scratch, indexed by signature or output id, valid when the stamp matches.
    private long stamp;
    private long[] oneStamp;
    private int[] oneEntry;
    private long[] matchedStamp;
    private long[] outputStamp;
    private int[] outputSig;

    VectorBinaryOperator(StepGrid grid, QueryContext ctx, VectorOperator lhs, VectorOperator rhs, BinaryOp op,
            VectorMatching matching, boolean returnBool) {
        super(grid, ctx);
        this.lhs = requireNonNull(lhs, "lhs is null");
        this.rhs = requireNonNull(rhs, "rhs is null");
        this.op = requireNonNull(op, "op is null");
        this.matching = requireNonNull(matching, "matching is null");
        this.returnBool = returnBool;
        this.swapped = matching.cardinality() == Cardinality.ONE_TO_MANY;
        if (op.isSetOperator() || matching.cardinality() == Cardinality.MANY_TO_MANY) {
            throw new IllegalArgumentException("set operators have their own operator");
        }
    }

    @Override
    protected List<Labels> computeSeries() {
        List<Labels> many = swapped ? rhs.series() : lhs.series();
        List<Labels> one = swapped ? lhs.series() : rhs.series();
        signatures = new MatchSignatures(matching);
        manySig = signatures.of(many);
        oneSig = signatures.of(one);

        int sigCount = signatures.count();
        int[] onesPerSig = new int[sigCount];
        for (int sig : oneSig) {
            onesPerSig[sig]++;
        }
        int[][] onesBySig = new int[sigCount][];
        for (int sig = 0; sig < sigCount; sig++) {
            onesBySig[sig] = new int[onesPerSig[sig]];
        }
        int[] fill = new int[sigCount];
        for (int o = 0; o < oneSig.length; o++) {
            onesBySig[oneSig[o]][fill[oneSig[o]]++] = o;
        }

        List<Labels> pairLabels = new ArrayList<>();
        pairOne = new int[many.size()][];
        int[][] pairIndex = new int[many.size()][];
        for (int m = 0; m < many.size(); m++) {
            int[] ones = onesBySig[manySig[m]];
            pairOne[m] = ones;
            pairIndex[m] = new int[ones.length];
            for (int k = 0; k < ones.length; k++) {
                pairIndex[m][k] = pairLabels.size();
                pairLabels.add(resultLabels(many.get(m), one.get(ones[k])));
            }
        }
        mapping = SeriesMapping.of(pairLabels, SeriesMapping.Mode.PER_STEP);
        pairOutput = new int[many.size()][];
        for (int m = 0; m < many.size(); m++) {
            pairOutput[m] = new int[pairIndex[m].length];
            for (int k = 0; k < pairIndex[m].length; k++) {
                pairOutput[m][k] = mapping.outputOf(pairIndex[m][k]);
            }
        }

        oneStamp = new long[sigCount];
        oneEntry = new int[sigCount];
        matchedStamp = new long[sigCount];
        outputStamp = new long[mapping.outputs().size()];
        outputSig = new int[mapping.outputs().size()];
        return mapping.outputs();
    }

    private Labels resultLabels(Labels manyLabels, Labels oneLabels) {
        Labels.Builder b = manyLabels.toBuilder();
        if (op.dropsMetricName() || returnBool) {
            b.remove(Labels.METRIC_NAME);
        }
        if (matching.cardinality() == Cardinality.ONE_TO_ONE) {
            if (matching.on()) {
                b.keepOnly(new HashSet<>(matching.matchingLabels()));
            } else {
                b.removeAll(matching.matchingLabels());
            }
        }
        for (String name : matching.include()) {
            b.set(name, oneLabels.get(name));
        }
        if (returnBool) {
            b.remove(Labels.METRIC_NAME);
        }
        return b.build();
    }

    @Override
    protected void fill(StepVector[] batch, int firstStep) {
        StepVector[] l = pull(lhs, batch.length);
        StepVector[] r = pull(rhs, batch.length);
        for (int i = 0; i < batch.length; i++) {
            StepVector many = swapped ? r[i] : l[i];
            StepVector one = swapped ? l[i] : r[i];
            if (many.isEmpty() || one.isEmpty()) {
                continue;
            }
            stamp++;
            for (int j = 0; j < one.size(); j++) {
                int sig = oneSig[one.id(j)];
                if (oneStamp[sig] == stamp) {
                    throw duplicateOnOneSide(sig, one.id(j), one.id(oneEntry[sig]));
                }
                oneStamp[sig] = stamp;
                oneEntry[sig] = j;
            }
            for (int j = 0; j < many.size(); j++) {
                int m = many.id(j);
                int sig = manySig[m];
                if (oneStamp[sig] != stamp) {
                    continue;
                }
                int oneIndex = oneEntry[sig];
                double manyValue = many.value(j);
                double oneValue = one.value(oneIndex);
                double lv = swapped ? oneValue : manyValue;
                double rv = swapped ? manyValue : oneValue;
                if (!Arithmetic.keeps(op, returnBool, lv, rv)) {
                    continue;
                }
                // A filtering comparison keeps the left operand's value, even for group_right.
                double value = Arithmetic.result(op, returnBool, lv, rv, lv);
                int output = outputFor(m, one.id(oneIndex));
                if (matching.cardinality() == Cardinality.ONE_TO_ONE) {
                    if (matchedStamp[sig] == stamp) {
                        throw new PromqlException(ErrorCode.EXECUTION,
                                "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                    }
                    matchedStamp[sig] = stamp;
                }
                if (outputStamp[output] == stamp) {
                    throw new PromqlException(ErrorCode.EXECUTION, outputSig[output] == sig
                            ? "multiple matches for labels: grouping labels must ensure unique matches"
                            : "vector cannot contain metrics with the same labelset");
                }
                outputStamp[output] = stamp;
                outputSig[output] = sig;
                batch[i].add(output, value);
            }
        }
    }

    private int outputFor(int many, int one) {
        int[] ones = pairOne[many];
        for (int k = 0; k < ones.length; k++) {
            if (ones[k] == one) {
                return pairOutput[many][k];
            }
        }
        throw new IllegalStateException("no pair for series " + many + " and " + one);
    }

    private PromqlException duplicateOnOneSide(int sig, int first, int second) {
        List<Labels> oneSeries = swapped ? lhs.series() : rhs.series();
        String side = swapped ? "left" : "right";
        return new PromqlException(ErrorCode.EXECUTION, "found duplicate series for the match group "
                + signatures.group(sig) + " on the " + side + " hand-side of the operation: ["
                + oneSeries.get(first) + ", " + oneSeries.get(second)
                + "];many-to-many matching not allowed: matching labels must be unique on one side");
    }

    @Override
    public void close() {
        lhs.close();
        rhs.close();
    }
}
