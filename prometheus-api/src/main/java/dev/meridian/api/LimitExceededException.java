package dev.meridian.api;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ErrorCode;
import dev.meridian.promql.PromqlException;

/**
 * A request or query went over one of the {@link ApiLimits}. The message names the limit and its
 * value, e.g. {@code query exceeded the limit max_series=500000: it selects more series than
 * that}. Thrown from inside a running query too (by {@link SeriesLimitQueryable}), so it is a
 * {@link PromqlException}: its code decides the errorType like any engine failure.
 */
public final class LimitExceededException extends PromqlException {
    private static final long serialVersionUID = 1L;

    private final String limit;

    private LimitExceededException(ErrorCode code, String limit, String value, String detail) {
        super(code, "query exceeded the limit " + limit + "=" + value + ": " + detail);
        this.limit = requireNonNull(limit, "limit is null");
    }

    /** More series selected than {@link ApiLimits#maxSeries()}: errorType execution (422). */
    public static LimitExceededException maxSeries(int maxSeries) {
        return new LimitExceededException(ErrorCode.EXECUTION, "max_series", Integer.toString(maxSeries),
                "it selects more series than that; select fewer series (narrower matchers)");
    }

    /** A time range longer than {@link ApiLimits#maxRange()}: errorType bad_data (400). */
    public static LimitExceededException maxRange(String maxRange, String requested) {
        return new LimitExceededException(ErrorCode.INVALID_ARGUMENT, "max_range", maxRange,
                "the time range from start to end is " + requested + "; ask for a shorter range");
    }

    /** The limit's name as the message spells it, e.g. {@code max_series}. */
    public String limit() {
        return limit;
    }
}
