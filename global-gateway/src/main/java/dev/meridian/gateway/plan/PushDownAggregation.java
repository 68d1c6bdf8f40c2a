package dev.meridian.gateway.plan;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ast.AggregateExpr;
import dev.meridian.promql.ast.AggregationOp;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.PositionRange;
import java.util.List;
import java.util.Optional;

/**
 * Pushes the partial of an aggregation that mixes regions (a GLOBAL aggregation over a LOCAL
 * operand with a CONSTANT parameter) down to the regions, and says how the gateway merges the
 * partials. Each region aggregates its own series with the same grouping; since every group of
 * the query is a union of the regions' groups with the same labels:
 *
 * <pre>
 * sum                     regions: sum           gateway: sum per label set
 * count                   regions: count         gateway: sum
 * min / max / group       regions: min/max/group gateway: min/max/group
 * count_values("l", v)    regions: count_values  gateway: sum per label set
 * avg                     regions: sum, count    gateway: sum of sums / sum of counts
 * stddev / stdvar         regions: count, avg, stdvar
 *                         gateway: Chan et al.'s parallel variance, see below
 * topk / bottomk (k, v)   regions: topk/bottomk  gateway: topk/bottomk (same k, grouping) over
 *                         the union of the regions' selections (each keeps region, so the union
 *                         is disjoint; the global selection is a subset of it)
 * quantile                no partial: its operand is pushed as a union and the gateway
 *                         aggregates
 * </pre>
 *
 * Example:
 * <pre>
 * before: sum by (job) (rate(x[5m]))                  GLOBAL, reads raw x from every region
 * after:  regions run sum by (job) (rate(x[5m])); the gateway adds the regions' sums per job
 * </pre>
 *
 * <p>Why the variance needs the regions' means and variances rather than sums of squares:
 * {@code stdvar = (sumsq - sum^2/n) / n} subtracts two numbers of size n*mean^2 to get one of size
 * n*var. For values around 1e6 with a spread of 1, that cancels about 12 of double's 16 digits,
 * so results would not agree with Prometheus' (Welford's, numerically stable) per-value update to
 * 1e-9. Combining (count, mean, M2 = stdvar*count) pairs with Chan, Golub and LeVeque's formula
 * ("Updating formulae and a pairwise algorithm for computing sample variances", 1979) adds only
 * non-negative terms and keeps the precision of the regions' own stable results.
 */
public final class PushDownAggregation {
    private PushDownAggregation() {}

    /** The partial pushdown of {@code aggregation}, or empty if it has none. */
    public static Optional<PushdownChoice> partial(AggregateExpr aggregation, Localities known) {
        requireNonNull(aggregation, "aggregation is null");
        requireNonNull(known, "known is null");
        if (known.of(aggregation) != Locality.GLOBAL || !AggregationLocality.operandsPushable(aggregation, known)) {
            return Optional.empty();
        }
        AggregationOp op = aggregation.op();
        return switch (op) {
            case SUM, COUNT_VALUES -> Optional.of(same(aggregation, Merge.SUM));
            case COUNT -> Optional.of(same(aggregation, Merge.SUM));
            case MIN -> Optional.of(same(aggregation, Merge.MIN));
            case MAX -> Optional.of(same(aggregation, Merge.MAX));
            case GROUP -> Optional.of(same(aggregation, Merge.GROUP));
            case AVG -> Optional.of(new PushdownChoice(aggregation, op, Merge.AVG, aggregation, List.of(
                    part(aggregation, AggregationOp.SUM), part(aggregation, AggregationOp.COUNT))));
            case STDDEV, STDVAR -> Optional.of(new PushdownChoice(aggregation, op,
                    op == AggregationOp.STDDEV ? Merge.STDDEV : Merge.STDVAR, aggregation, List.of(
                            part(aggregation, AggregationOp.COUNT), part(aggregation, AggregationOp.AVG),
                            part(aggregation, AggregationOp.STDVAR))));
            case TOPK, BOTTOMK -> Optional.of(new PushdownChoice(aggregation, op, Merge.UNION, aggregation.expr(),
                    List.of(new PushdownChoice.Part(op.keyword(), aggregation))));
            case QUANTILE -> Optional.empty();
        };
    }

    private static PushdownChoice same(AggregateExpr aggregation, Merge merge) {
        return new PushdownChoice(aggregation, aggregation.op(), merge, aggregation,
                List.of(new PushdownChoice.Part(aggregation.op().keyword(), aggregation)));
    }

    /** {@code op} with the aggregation's grouping over its operand. */
    private static PushdownChoice.Part part(AggregateExpr aggregation, AggregationOp op) {
        Expr expr = new AggregateExpr(op, aggregation.expr(), null, aggregation.grouping(), aggregation.without(),
                PositionRange.NONE);
        return new PushdownChoice.Part(op.keyword(), expr);
    }
}
