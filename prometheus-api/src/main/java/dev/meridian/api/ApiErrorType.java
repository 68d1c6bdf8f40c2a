package dev.meridian.api;

import dev.meridian.promql.ErrorCode;

/**
 * The {@code errorType} values of Prometheus' HTTP API and the HTTP status each is answered with,
 * as Prometheus 2.42 does ({@code web/api/v1/api.go}, {@code respondError}): the one place where
 * an engine {@link ErrorCode} becomes an {@code errorType} and a status.
 */
public enum ApiErrorType {
    /** A bad parameter or query: 400. */
    BAD_DATA("bad_data", 400),
    /** Evaluation failed on the data, or a limit was exceeded while running: 422. */
    EXECUTION("execution", 422),
    /** The query was canceled, e.g. its client went away: 503 (2.42 answers 503, later versions 499). */
    CANCELED("canceled", 503),
    /** The query ran out of time: 503. */
    TIMEOUT("timeout", 503),
    /** The storage failed: 500. */
    INTERNAL("internal", 500),
    /** Not ready to serve: 503. */
    UNAVAILABLE("unavailable", 503),
    /** 404. */
    NOT_FOUND("not_found", 404);

    private final String wireName;
    private final int httpStatus;

    ApiErrorType(String wireName, int httpStatus) {
        this.wireName = wireName;
        this.httpStatus = httpStatus;
    }

    /** The {@code errorType} string, e.g. {@code bad_data}. */
    public String wireName() {
        return wireName;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The errorType of an engine failure, as 2.42's {@code returnAPIError} maps promql's errors. */
    public static ApiErrorType of(ErrorCode code) {
        return switch (code) {
            case PARSE_ERROR, INVALID_ARGUMENT -> BAD_DATA;
            case EXECUTION, TOO_MANY_SAMPLES -> EXECUTION;
            case TIMEOUT -> TIMEOUT;
            case CANCELED -> CANCELED;
            case STORAGE -> INTERNAL;
        };
    }
}
