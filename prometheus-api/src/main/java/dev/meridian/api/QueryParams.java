package dev.meridian.api;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.ValueType;
import dev.meridian.promql.parser.ParseException;
import dev.meridian.promql.parser.Parser;
import dev.meridian.promql.syntax.Durations;
import dev.meridian.promql.syntax.Quoting;
import java.time.Clock;
import java.time.Instant;

/**
 * Reads the parameters of {@code /api/v1/query} ({@link #instant}) and {@code /api/v1/query_range}
 * ({@link #range}) into a {@link QueryRequest}, checking them in the order 2.42 does and failing
 * with its messages (the tables of docs/query-api.md). Public so that another endpoint — the
 * gateway's {@code /api/v1/query_explain} — reads a query exactly as these two do.
 *
 * <p>2.42's engine checks a range query once more when it creates it: that its end is not before
 * its start in engine milliseconds (which can wrap for times past int64 nanoseconds, so the
 * earlier check of the parameters does not cover it) and that the expression is a scalar or an
 * instant vector. Those checks are made here, with the engine's messages, so that every backend
 * gets a request it can run and the errors come before the {@code max_range} check, as in 2.42.
 *
 * <p>Failures are {@link ApiException}s ({@code bad_data}, or {@code timeout} for a client
 * {@code timeout} of zero or less) and {@link LimitExceededException} for {@code max_range}.
 */
public final class QueryParams {
    /** Prometheus' cap on points per series of a range query. */
    static final long MAX_POINTS = 11_000;

    /** {@link #timeoutParam}'s answer when the client gave no {@code timeout}. */
    private static final long NO_TIMEOUT = Long.MIN_VALUE;

    private final ApiLimits limits;
    private final Clock clock;

    /**
     * @param limits the limits whose {@code maxRange} and {@code queryTimeout} apply
     * @param clock the default {@code time} of an instant query
     */
    public QueryParams(ApiLimits limits, Clock clock) {
        this.limits = requireNonNull(limits, "limits is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * {@code /api/v1/query}: {@code time} (default now), {@code timeout}, {@code query}.
     *
     * @throws ApiException if a parameter is bad
     */
    public QueryRequest instant(FormParams params) {
        requireNonNull(params, "params is null");
        GoTime time = timeParam(params, "time", now());
        long clientTimeout = timeoutParam(params);
        Expr expr;
        try {
            expr = Parser.parse(params.value("query"));
        } catch (ParseException e) {
            throw ApiException.invalidParameter("query", e.getMessage());
        }
        long timeout = effectiveTimeout(clientTimeout);
        long millis = time.toEngineMillis();
        return new QueryRequest(expr, millis, millis, 0, timeout, params);
    }

    /**
     * {@code /api/v1/query_range}: {@code start}, {@code end}, {@code step} (all required),
     * {@code timeout}, {@code query}; at most 11,000 points per series and a range within
     * {@link ApiLimits#maxRange()}.
     *
     * @throws ApiException if a parameter is bad
     * @throws LimitExceededException if the range is longer than {@code maxRange}
     */
    public QueryRequest range(FormParams params) {
        requireNonNull(params, "params is null");
        GoTime start = requiredTime(params, "start");
        GoTime end = requiredTime(params, "end");
        if (end.isBefore(start)) {
            throw ApiException.invalidParameter("end", "end timestamp must not be before start time");
        }
        long step = durationParam(params, "step");
        if (step <= 0) {
            throw ApiException.invalidParameter("step",
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if (end.minusNanos(start) / step > MAX_POINTS) {
            throw ApiException.badData(
                    "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
        }
        long clientTimeout = timeoutParam(params);
        Expr expr;
        try {
            expr = Parser.parse(params.value("query"));
        } catch (ParseException e) {
            throw ApiException.badData(e.getMessage());
        }
        long timeout = effectiveTimeout(clientTimeout);
        long startMillis = start.toEngineMillis();
        long endMillis = end.toEngineMillis();
        // What 2.42's engine checks when it creates the query (Engine.rangeQuery has the same messages).
        if (endMillis < startMillis) {
            throw ApiException.badData("end timestamp must not be before start time");
        }
        if (expr.type() != ValueType.VECTOR && expr.type() != ValueType.SCALAR) {
            throw ApiException.badData("invalid expression type \"" + expr.type().documentedName()
                    + "\" for range query, must be Scalar or instant Vector");
        }
        long stepMillis = step / 1_000_000;
        if (stepMillis == 0) {
            // 2.42 accepts a step under 1ms and then fails dividing by zero; refuse it plainly,
            // after the checks above, which 2.42 makes first.
            throw ApiException.invalidParameter("step", "query resolution step widths below 1ms are not accepted (got: "
                    + Quoting.quote(params.value("step")) + ")");
        }
        checkRange(start, end);
        return new QueryRequest(expr, startMillis, endMillis, stepMillis, timeout, params);
    }

    /**
     * The timeout of a query in nanoseconds: the lesser of the limits' and the client's. A client
     * timeout of zero or less has expired already: 2.42 answers that the query timed out while
     * queued, and so does this.
     */
    private long effectiveTimeout(long clientTimeoutNanos) {
        long timeout = limits.queryTimeout().toNanos();
        if (clientTimeoutNanos != NO_TIMEOUT) {
            if (clientTimeoutNanos <= 0) {
                throw new ApiException(ApiErrorType.TIMEOUT, "query timed out in query queue");
            }
            timeout = Math.min(timeout, clientTimeoutNanos);
        }
        return timeout;
    }

    /** Refuses a range from {@code start} to {@code end} longer than {@link ApiLimits#maxRange()}. */
    void checkRange(GoTime start, GoTime end) {
        long spanMillis = end.minusNanos(start) / 1_000_000;
        long maxMillis = limits.maxRange().toMillis();
        if (spanMillis > maxMillis) {
            throw LimitExceededException.maxRange(Durations.format(maxMillis), Durations.format(spanMillis));
        }
    }

    private GoTime now() {
        Instant now = clock.instant();
        return new GoTime(now.getEpochSecond(), now.getNano());
    }

    // ---- Parameters as 2.42 reads them; also used by PrometheusApi's metadata endpoints ----------

    /** 2.42's {@code parseTimeParam}: the default if the parameter is empty. */
    static GoTime timeParam(FormParams params, String name, GoTime defaultValue) {
        String text = params.value(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            return GoTime.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter(name, "Invalid time value for '" + name + "': " + e.getMessage());
        }
    }

    /** 2.42's {@code parseTime} of a parameter that has no default. */
    private static GoTime requiredTime(FormParams params, String name) {
        try {
            return GoTime.parse(params.value(name));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter(name, e.getMessage());
        }
    }

    private static long durationParam(FormParams params, String name) {
        try {
            return GoTime.parseDurationNanos(params.value(name));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter(name, e.getMessage());
        }
    }

    /** The client's {@code timeout} in nanoseconds, or {@link #NO_TIMEOUT} if it gave none. */
    private static long timeoutParam(FormParams params) {
        if (params.value("timeout").isEmpty()) {
            return NO_TIMEOUT;
        }
        long timeout = durationParam(params, "timeout");
        return timeout == NO_TIMEOUT ? -1 : timeout;
    }
}
