package dev.meridian.api;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ast.Expr;

/**
 * A query as {@code /api/v1/query} or {@code /api/v1/query_range} asks for it, parsed and checked
 * by the API ({@link QueryParams}): the expression parses, a range query's expression is a scalar
 * or instant vector, its end is not before its start, it has at most 11,000 points per series and
 * its range is within {@link ApiLimits#maxRange()}.
 *
 * <p>Times are milliseconds since the epoch as 2.42's engine takes them ({@link GoTime#toEngineMillis()}).
 *
 * @param expr the parsed expression
 * @param startMillis the time of an instant query, or the start of a range query
 * @param endMillis the end of a range query; equal to {@code startMillis} for an instant query
 * @param stepMillis the step of a range query ({@code > 0}); {@code 0} means an instant query at
 *     {@code startMillis}
 * @param timeoutNanos how long the query may run: the least of {@link ApiLimits#queryTimeout()} and
 *     the client's {@code timeout}; a backend lowers it further to its own limit if it has one
 *     ({@link EngineBackend}: the engine's {@code EngineConfig.timeout})
 * @param params all of the request's form parameters, for backends that read more of them (the
 *     gateway: {@code partial_response}, {@code explain}, …)
 */
public record QueryRequest(Expr expr, long startMillis, long endMillis, long stepMillis, long timeoutNanos, FormParams params) {
    public QueryRequest {
        requireNonNull(expr, "expr is null");
        requireNonNull(params, "params is null");
        if (stepMillis < 0) {
            throw new IllegalArgumentException("stepMillis must be >= 0 (got: " + stepMillis + ")");
        }
        if (stepMillis == 0 && endMillis != startMillis) {
            throw new IllegalArgumentException("an instant query (stepMillis 0) must have endMillis == startMillis (got: "
                    + startMillis + " and " + endMillis + ")");
        }
        if (endMillis < startMillis) {
            throw new IllegalArgumentException("endMillis must be >= startMillis (got: " + startMillis + " and " + endMillis + ")");
        }
        if (timeoutNanos <= 0) {
            throw new IllegalArgumentException("timeoutNanos must be > 0 (got: " + timeoutNanos + ")");
        }
    }

    /** Whether this is an instant query ({@code stepMillis == 0}). */
    public boolean instant() {
        return stepMillis == 0;
    }
}
