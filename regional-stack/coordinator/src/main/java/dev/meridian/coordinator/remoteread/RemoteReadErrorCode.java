package dev.meridian.coordinator.remoteread;

/**
 * Every way a remote read can be refused or fail, and the one place its HTTP status is decided.
 *
 * <p>Prometheus 2.42's read handler ({@code storage/remote/read_handler.go}) answers 400 for a
 * request it cannot decode, for an unsupported response type and for its sample limit, and 500
 * for storage errors; the codes below follow it. Where Prometheus has no such check (the time
 * range, the series limit, request size) or answers differently (it sends bad matchers to its
 * storage and answers 500; it queues requests over its concurrency limit) the choice is ours and
 * {@code docs/remote-read.md} says why.
 */
public enum RemoteReadErrorCode {
    /** The body is empty, not a snappy block, or not a ReadRequest protobuf. */
    MALFORMED_REQUEST,
    /** The body, or the length its snappy header claims, is over the decoder's size limit. */
    REQUEST_TOO_LARGE,
    /** A matcher has an unknown type or an invalid regular expression. */
    INVALID_MATCHER,
    /** A query's start is after its end. */
    INVALID_TIME_RANGE,
    /** None of {@code accepted_response_types} is one this server speaks. */
    UNSUPPORTED_RESPONSE_TYPE,
    /** The queries select more than {@link RemoteReadLimits#maxSeriesPerRequest()} series. */
    TOO_MANY_SERIES,
    /** The queries select more than {@link RemoteReadLimits#maxSamplesPerRequest()} samples. */
    TOO_MANY_SAMPLES,
    /** The encoded SAMPLES response would not fit in one array (2 GiB). */
    RESPONSE_TOO_LARGE,
    /** {@link RemoteReadLimits#maxConcurrentRequests()} reads are already running. */
    TOO_MANY_CONCURRENT_REQUESTS,
    /** The storage failed to read; the message is the storage's. */
    STORAGE_FAILURE;

    /** The HTTP status the read endpoint answers with. */
    public int httpStatus() {
        return switch (this) {
            case MALFORMED_REQUEST, INVALID_MATCHER, INVALID_TIME_RANGE, UNSUPPORTED_RESPONSE_TYPE, TOO_MANY_SERIES,
                    TOO_MANY_SAMPLES, RESPONSE_TOO_LARGE -> 400;
            case REQUEST_TOO_LARGE -> 413;
            case TOO_MANY_CONCURRENT_REQUESTS -> 503;
            case STORAGE_FAILURE -> 500;
        };
    }
}
