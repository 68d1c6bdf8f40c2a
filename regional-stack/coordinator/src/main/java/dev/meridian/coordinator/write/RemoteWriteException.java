package dev.meridian.coordinator.write;

import static java.util.Objects.requireNonNull;

import dev.meridian.storage.SeriesError;
import java.util.List;

/**
 * The one exception of the remote-write path: a request, or some of its series, refused for the
 * reason in the message. {@link #httpStatus()} is what the endpoint answers; the message is the
 * response body.
 */
public final class RemoteWriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** How many bad series a message lists by name before it only counts the rest. */
    static final int SERIES_LISTED = 10;

    private final RemoteWriteErrorCode code;

    public RemoteWriteException(RemoteWriteErrorCode code, String message) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
    }

    public RemoteWriteException(RemoteWriteErrorCode code, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
    }

    /**
     * The answer for a request whose good series were stored and whose {@code errors} were not:
     * {@link RemoteWriteErrorCode#INVALID_SERIES} (400), naming the first {@value #SERIES_LISTED}
     * series with their reasons, e.g.
     * {@code 2 of 5 series refused: {__name__="up", job="a"}: sample timestamp -1 is negative; ...}.
     * The endpoint uses it for the decoder's errors and the storage's alike.
     *
     * @param seriesInRequest how many series the request held, for the count in the message
     */
    public static RemoteWriteException invalidSeries(List<SeriesError> errors, int seriesInRequest) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("errors must not be empty");
        }
        StringBuilder message = new StringBuilder()
                .append(errors.size()).append(" of ").append(seriesInRequest).append(" series refused: ");
        int listed = Math.min(errors.size(), SERIES_LISTED);
        for (int i = 0; i < listed; i++) {
            if (i > 0) {
                message.append("; ");
            }
            SeriesError e = errors.get(i);
            message.append(e.series()).append(": ").append(e.reason());
        }
        if (errors.size() > listed) {
            message.append("; and ").append(errors.size() - listed).append(" more");
        }
        return new RemoteWriteException(RemoteWriteErrorCode.INVALID_SERIES, message.toString());
    }

    public RemoteWriteErrorCode code() {
        return code;
    }

    public int httpStatus() {
        return code.httpStatus();
    }
}
