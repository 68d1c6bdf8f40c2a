package dev.meridian.coordinator.write;

/**
 * Every way a remote write can be refused, and the one place its HTTP status is decided.
 *
 * <p>The statuses follow the remote-write 1.0 spec (prometheus.io/docs/specs/remote_write_spec/,
 * "Retries &amp; Backoff"): a sender retries 5xx and 429 and never retries any other 4xx, so every
 * code here is a 4xx. Sending the same bytes again would fail the same way.
 */
public enum RemoteWriteErrorCode {
    /** The body is not snappy block format, or not a valid WriteRequest protobuf. */
    MALFORMED_BODY,
    /** One or more series broke a validation rule; the others were kept. */
    INVALID_SERIES,
    /** No series but one or more metadata entries broke a rule of the storage nodes; the others were kept. */
    INVALID_METADATA,
    /** The compressed body is over {@link RemoteWriteLimits#maxCompressedBytes()}. */
    BODY_TOO_LARGE,
    /** The snappy header claims more than {@link RemoteWriteLimits#maxDecompressedBytes()}. */
    DECOMPRESSED_TOO_LARGE,
    /** The request holds more than {@link RemoteWriteLimits#maxSeriesPerRequest()} series. */
    TOO_MANY_SERIES,
    /** Content-Type is not {@code application/x-protobuf} (or names a message other than WriteRequest). */
    UNSUPPORTED_CONTENT_TYPE,
    /** Content-Encoding is not {@code snappy}. */
    UNSUPPORTED_ENCODING,
    /** X-Prometheus-Remote-Write-Version asks for a protocol version this receiver does not speak. */
    UNSUPPORTED_VERSION;

    /** The HTTP status a remote-write endpoint answers with. */
    public int httpStatus() {
        return switch (this) {
            case MALFORMED_BODY, INVALID_SERIES, INVALID_METADATA -> 400;
            case BODY_TOO_LARGE, DECOMPRESSED_TOO_LARGE, TOO_MANY_SERIES -> 413;
            case UNSUPPORTED_CONTENT_TYPE, UNSUPPORTED_ENCODING, UNSUPPORTED_VERSION -> 415;
        };
    }
}
