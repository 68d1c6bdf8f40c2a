package dev.meridian.promql.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ast.BinaryOp;
import dev.meridian.promql.ast.VectorMatching;
import dev.meridian.promql.labels.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * The set operators between instant vectors, matching series by match group per step:
 * {@code and} keeps left samples whose group is on the right, {@code unless} those whose group is
 * not, {@code or} takes all left samples plus the right samples whose group is not on the left.
 * Samples keep their labels.
 */
final class SetOperator extends BaseOperator {
    private final VectorOperator lhs;
    private final VectorOperator rhs;
    private final BinaryOp op;
    private final VectorMatching matching;
    private int[] lhsSig;
    private int[] rhsSig;
    private long[] sigStamp;
    private long stamp;
    private SeriesMapping orMapping;

    SetOperator(StepGrid grid, QueryContext ctx, VectorOperator lhs, VectorOperator rhs, BinaryOp op, VectorMatching matching) {
        super(grid, ctx);
        this.lhs = requireNonNull(lhs, "lhs is null");
        this.rhs = requireNonNull(rhs, "rhs is null");
        this.op = requireNonNull(op, "op is null");
        this.matching = requireNonNull(matching, "matching is null");
        if (!op.isSetOperator()) {
            throw new IllegalArgumentException(op + " is not a set operator");
        }
    }

    @Override
    protected List<Labels> computeSeries() {
        MatchSignatures signatures = new MatchSignatures(matching);
        List<Labels> left = lhs.series();
        List<Labels> right = rhs.series();
        lhsSig = signatures.of(left);
        rhsSig = signatures.of(right);
        sigStamp = new long[signatures.count()];
        if (op != BinaryOp.OR) {
            return left;
        }
        List<Labels> all = new ArrayList<>(left.size() + right.size());
        all.addAll(left);
        all.addAll(right);
        orMapping = SeriesMapping.of(all, SeriesMapping.Mode.PER_STEP);
        return orMapping.outputs();
    }

    @Override
    protected void fill(StepVector[] batch, int firstStep) {
        StepVector[] l = pull(lhs, batch.length);
        StepVector[] r = pull(rhs, batch.length);
        for (int i = 0; i < batch.length; i++) {
            switch (op) {
                case AND -> filter(l[i], r[i], true, batch[i]);
                case UNLESS -> filter(l[i], r[i], false, batch[i]);
                case OR -> union(l[i], r[i], batch[i]);
                default -> throw new IllegalStateException(op + " is not a set operator");
            }
        }
    }

    /** Left samples whose group is (and) or is not (unless) among the right samples. */
    private void filter(StepVector left, StepVector right, boolean keepMatching, StepVector out) {
        if (left.isEmpty() || (keepMatching && right.isEmpty())) {
            return;
        }
        stamp++;
        for (int j = 0; j < right.size(); j++) {
            sigStamp[rhsSig[right.id(j)]] = stamp;
        }
        for (int j = 0; j < left.size(); j++) {
            boolean matched = sigStamp[lhsSig[left.id(j)]] == stamp;
            if (matched == keepMatching) {
                out.add(left.id(j), left.value(j));
            }
        }
    }

    private void union(StepVector left, StepVector right, StepVector out) {
        stamp++;
        orMapping.startStep();
        for (int j = 0; j < left.size(); j++) {
            int id = left.id(j);
            sigStamp[lhsSig[id]] = stamp;
            out.add(orMapping.claim(id), left.value(j));
        }
        int offset = lhsSig.length;
        for (int j = 0; j < right.size(); j++) {
            int id = right.id(j);
            if (sigStamp[rhsSig[id]] != stamp) {
                out.add(orMapping.claim(offset + id), right.value(j));
            }
        }
    }

    @Override
    public void close() {
        lhs.close();
        rhs.close();
    }
}
