package dev.meridian.coordinator.remoteread;

/**
 * The two answers a remote read can get, as negotiated from the request's {@code
 * accepted_response_types} (numbers as in {@code ReadRequest.ResponseType} of remote.proto).
 */
public enum ResponseType {
    /** One snappy-compressed {@code ReadResponse} of raw samples. */
    SAMPLES(0, "application/x-protobuf"),
    /** A stream of {@code ChunkedReadResponse} frames holding Prometheus XOR chunks. */
    STREAMED_XOR_CHUNKS(1, "application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse");

    private final int number;
    private final String contentType;

    ResponseType(int number, String contentType) {
        this.number = number;
        this.contentType = contentType;
    }

    /** The enum number on the wire. */
    public int number() {
        return number;
    }

    /**
     * The Content-Type of the answer, exactly as Prometheus writes it (newer Prometheus clients
     * compare it as a string prefix, so parameters and spacing matter).
     */
    public String contentType() {
        return contentType;
    }

    /** The type with this wire number, or null if there is none. */
    static ResponseType ofNumber(int number) {
        for (ResponseType type : values()) {
            if (type.number == number) {
                return type;
            }
        }
        return null;
    }
}
