package dev.meridian.promql;

/**
 * Every failure the PromQL module reports, one code each. Callers map a code to a transport status
 * in exactly one place (the HTTP API maps them to Prometheus' {@code errorType} values).
 */
public enum ErrorCode {
    /** The query text does not parse or does not type-check. Prometheus: {@code bad_data}. */
    PARSE_ERROR,
    /** A query parameter (time, step, range) is invalid. Prometheus: {@code bad_data}. */
    INVALID_ARGUMENT,
    /** Evaluation failed on the data, e.g. many-to-many matching. Prometheus: {@code execution}. */
    EXECUTION,
    /** The query would hold more samples in memory than allowed. Prometheus: {@code execution}. */
    TOO_MANY_SAMPLES,
    /** The query ran past its deadline. Prometheus: {@code timeout}. */
    TIMEOUT,
    /** The query was canceled by its caller. Prometheus: {@code canceled}. */
    CANCELED,
    /** The storage under the engine failed. Prometheus: {@code internal}. */
    STORAGE
}
