package dev.meridian.promql.engine;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ErrorCode;
import dev.meridian.promql.PromqlException;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.ValueType;
import dev.meridian.promql.parser.Parser;
import dev.meridian.promql.storage.Queryable;

/**
 * Evaluates PromQL with Prometheus 2.42 semantics over any {@link Queryable}.
 *
 * <p>Queries run as a tree of streaming operators that pass batches of evaluation steps upwards,
 * so memory grows with the number of series and the size of range windows, not with the length
 * of a range query. Create a query, then {@link Query#execute()} it; {@link Query#cancel()} may be
 * called from another thread.
 */
public final class Engine {
    private final EngineConfig config;

    public Engine(EngineConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    public EngineConfig config() {
        return config;
    }

    /**
     * An instant query at {@code time} (milliseconds since the epoch).
     *
     * @throws dev.meridian.promql.parser.ParseException if the query does not parse
     */
    public Query instantQuery(Queryable queryable, String query, long time) {
        return instantQuery(queryable, Parser.parse(query), time);
    }

    public Query instantQuery(Queryable queryable, Expr expr, long time) {
        return instantQuery(queryable, expr, time, ExternalResults.NONE);
    }

    /** An instant query some of whose nodes have results computed elsewhere; see {@link ExternalResults}. */
    public Query instantQuery(Queryable queryable, Expr expr, long time, ExternalResults external) {
        return new Query(config, queryable, expr, time, time, 0, true, external);
    }

    /**
     * A range query from {@code start} to {@code end} every {@code step} milliseconds.
     *
     * @throws dev.meridian.promql.parser.ParseException if the query does not parse
     * @throws PromqlException with {@link ErrorCode#INVALID_ARGUMENT} for a bad range or step, or an
     *     expression that is not a scalar or instant vector
     */
    public Query rangeQuery(Queryable queryable, String query, long start, long end, long step) {
        return rangeQuery(queryable, Parser.parse(query), start, end, step);
    }

    public Query rangeQuery(Queryable queryable, Expr expr, long start, long end, long step) {
        return rangeQuery(queryable, expr, start, end, step, ExternalResults.NONE);
    }

    /** A range query some of whose nodes have results computed elsewhere; see {@link ExternalResults}. */
    public Query rangeQuery(Queryable queryable, Expr expr, long start, long end, long step, ExternalResults external) {
        if (step <= 0) {
            throw new PromqlException(ErrorCode.INVALID_ARGUMENT,
                    "zero or negative query resolution step widths are not accepted. Try a positive integer (got: "
                            + step + "ms)");
        }
        if (end < start) {
            throw new PromqlException(ErrorCode.INVALID_ARGUMENT, "end timestamp must not be before start time");
        }
        if (expr.type() != ValueType.VECTOR && expr.type() != ValueType.SCALAR) {
            throw new PromqlException(ErrorCode.INVALID_ARGUMENT, "invalid expression type \""
                    + expr.type().documentedName() + "\" for range query, must be Scalar or instant Vector");
        }
        return new Query(config, queryable, expr, start, end, step, false, external);
    }
}
