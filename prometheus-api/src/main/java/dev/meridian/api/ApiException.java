package dev.meridian.api;

import static java.util.Objects.requireNonNull;

/**
 * A request the API refuses before or instead of running it, answered with Prometheus' error
 * shape: {@code {"status":"error","errorType":"<type>","error":"<message>"}} and the status of
 * {@link #type()}.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ApiErrorType type;

    public ApiException(ApiErrorType type, String message) {
        super(requireNonNull(message, "message is null"));
        this.type = requireNonNull(type, "type is null");
    }

    /** Prometheus' {@code invalidParamError}: {@code invalid parameter "step": <detail>}, bad_data. */
    public static ApiException invalidParameter(String parameter, String detail) {
        return new ApiException(ApiErrorType.BAD_DATA, "invalid parameter \"" + parameter + "\": " + detail);
    }

    public static ApiException badData(String message) {
        return new ApiException(ApiErrorType.BAD_DATA, message);
    }

    public ApiErrorType type() {
        return type;
    }
}
