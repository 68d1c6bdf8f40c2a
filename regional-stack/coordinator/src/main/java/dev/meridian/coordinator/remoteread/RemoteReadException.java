package dev.meridian.coordinator.remoteread;

import static java.util.Objects.requireNonNull;

/**
 * The one exception of the remote-read path: a request refused, or a read that failed, for the
 * reason in the message. {@link #httpStatus()} is what the endpoint answers; the message is the
 * plain-text response body.
 */
public final class RemoteReadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final RemoteReadErrorCode code;

    public RemoteReadException(RemoteReadErrorCode code, String message) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
    }

    public RemoteReadException(RemoteReadErrorCode code, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
    }

    public RemoteReadErrorCode code() {
        return code;
    }

    public int httpStatus() {
        return code.httpStatus();
    }
}
