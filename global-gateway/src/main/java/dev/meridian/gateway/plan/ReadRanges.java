package dev.meridian.gateway.plan;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ast.At;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.MatrixSelector;
import dev.meridian.promql.ast.SubqueryExpr;
import dev.meridian.promql.ast.VectorSelector;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The time range every selector of an expression reads, computed as the engine does (and never
 * narrower):
 *
 * <pre>
 * selector evaluated at t in [t0, t1]:   reads [t0 - offset - window, t1 - offset]
 *     window = the range of a matrix selector, else the lookback delta
 *     with @: t0 = t1 = the pinned time (@ start() / @ end() are the query's start / end)
 * subquery evaluated at t in [t0, t1]:   evaluates its inner expression at
 *     [t0 - offset - range, t1 - offset]   (t0 = t1 = the pinned time with @)
 * </pre>
 *
 * The query's own nodes are evaluated at {@code [start, end]}. The engine aligns a subquery's
 * first step up to a multiple of its step, so its real range lies inside the one computed here;
 * both ends are taken inclusive although the engine's windows exclude their left end.
 */
public final class ReadRanges {
    private ReadRanges() {}

    /** The read of every selector of {@code root}, by identity. */
    public static Map<VectorSelector, SelectorRead> of(Expr root, QueryRange range, long lookbackMillis) {
        requireNonNull(root, "root is null");
        requireNonNull(range, "range is null");
        if (lookbackMillis <= 0) {
            throw new IllegalArgumentException("lookbackMillis must be > 0 (got: " + lookbackMillis + ")");
        }
        Map<VectorSelector, SelectorRead> reads = new IdentityHashMap<>();
        collect(root, range.start(), range.end(), range, lookbackMillis, reads);
        return reads;
    }

    private static void collect(Expr e, long t0, long t1, QueryRange query, long lookback,
            Map<VectorSelector, SelectorRead> reads) {
        if (e instanceof VectorSelector vs) {
            reads.put(vs, read(vs, t0, t1, lookback, query));
            return;
        }
        if (e instanceof MatrixSelector ms) {
            reads.put(ms.selector(), read(ms.selector(), t0, t1, ms.rangeMillis(), query));
            return;
        }
        if (e instanceof SubqueryExpr sq) {
            long from = pinned(sq.at(), t0, query) - sq.offsetMillis() - sq.rangeMillis();
            long to = pinned(sq.at(), t1, query) - sq.offsetMillis();
            collect(sq.expr(), from, to, query, lookback, reads);
            return;
        }
        for (Expr child : ExprChildren.of(e)) {
            collect(child, t0, t1, query, lookback, reads);
        }
    }

    private static SelectorRead read(VectorSelector vs, long t0, long t1, long window, QueryRange query) {
        long from = pinned(vs.at(), t0, query) - vs.offsetMillis() - window;
        long to = pinned(vs.at(), t1, query) - vs.offsetMillis();
        return new SelectorRead(vs.matchers(), from, to);
    }

    private static long pinned(At at, long t, QueryRange query) {
        return at == null ? t : at.resolve(query.start(), query.end());
    }
}
