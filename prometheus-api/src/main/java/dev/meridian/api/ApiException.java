package dev.meridian.api;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.PromqlException;
import java.util.List;

/**
 * A request the API refuses before or instead of running it, answered with Prometheus' error
 * shape and the status of {@link #type()}, plus any extra {@link #fields()} after the message:
 *
 * <pre>
 * {"status":"error","errorType":"&lt;type&gt;","error":"&lt;message&gt;"}
 * {"status":"error","errorType":"&lt;type&gt;","error":"&lt;message&gt;","coverage":[…]}
 * </pre>
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ApiErrorType type;
    private final List<ResponseField> fields;

    public ApiException(ApiErrorType type, String message) {
        this(type, message, List.of());
    }

    /**
     * @param fields extra envelope fields, e.g. the gateway's {@code coverage}, with distinct names
     */
    public ApiException(ApiErrorType type, String message, List<ResponseField> fields) {
        super(requireNonNull(message, "message is null"));
        this.type = requireNonNull(type, "type is null");
        this.fields = ResponseField.copyOfDistinct(fields);
    }

    /** Prometheus' {@code invalidParamError}: {@code invalid parameter "step": <detail>}, bad_data. */
    public static ApiException invalidParameter(String parameter, String detail) {
        return new ApiException(ApiErrorType.BAD_DATA, "invalid parameter \"" + parameter + "\": " + detail);
    }

    public static ApiException badData(String message) {
        return new ApiException(ApiErrorType.BAD_DATA, message);
    }

    /**
     * The error the API answers for an engine failure: its message, and the type {@link
     * ApiErrorType#of} maps its code to. For a backend that wants to add {@link #withFields fields}
     * to such an error.
     */
    public static ApiException from(PromqlException e) {
        requireNonNull(e, "e is null");
        ApiException answer = new ApiException(ApiErrorType.of(e.code()), e.getMessage());
        answer.initCause(e);
        return answer;
    }

    /** This error with {@code fields} instead of its own; the cause and stack trace are kept. */
    public ApiException withFields(List<ResponseField> fields) {
        ApiException copy = new ApiException(type, getMessage(), fields);
        if (getCause() != null) {
            copy.initCause(getCause());
        }
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    public ApiErrorType type() {
        return type;
    }

    /** Extra top-level fields of the error response, in order; empty for most errors. */
    public List<ResponseField> fields() {
        return fields;
    }
}
