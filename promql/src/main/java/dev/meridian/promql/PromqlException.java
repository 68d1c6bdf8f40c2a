package dev.meridian.promql;

import static java.util.Objects.requireNonNull;

/** The one exception type of the PromQL module; {@link #code()} says what kind of failure it is. */
public class PromqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public PromqlException(ErrorCode code, String message) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
    }

    public PromqlException(ErrorCode code, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
    }
}
