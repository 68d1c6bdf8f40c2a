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

    /** How many bad series (and bad metadata entries) a message lists by name before it only counts the rest. */
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
        return refused(errors, seriesInRequest, List.of(), 0);
    }

    /**
     * The answer for a request whose good series and metadata were stored and whose refused ones
     * were not: 400, {@link RemoteWriteErrorCode#INVALID_SERIES} if a series was refused, else
     * {@link RemoteWriteErrorCode#INVALID_METADATA}. The message names the first {@value
     * #SERIES_LISTED} series and the first {@value #SERIES_LISTED} metadata entries with their
     * reasons, e.g. {@code 1 of 3 metadata entries refused: metadata[2]: invalid metric family
     * name "1up": must match [a-zA-Z_:][a-zA-Z0-9_:]*}.
     *
     * @param metadataErrors one reason per refused metadata entry, naming it ({@code metadata[i]: ...})
     * @throws IllegalArgumentException if nothing was refused
     */
    public static RemoteWriteException refused(List<SeriesError> seriesErrors, int seriesInRequest, List<String> metadataErrors,
            int metadataInRequest) {
        if (seriesErrors.isEmpty() && metadataErrors.isEmpty()) {
            throw new IllegalArgumentException("nothing was refused");
        }
        StringBuilder message = new StringBuilder();
        if (!seriesErrors.isEmpty()) {
            message.append(seriesErrors.size()).append(" of ").append(seriesInRequest).append(" series refused: ");
            List<String> reasons = seriesErrors.stream().map(e -> e.series() + ": " + e.reason()).toList();
            list(message, reasons);
        }
        if (!metadataErrors.isEmpty()) {
            message.append(message.length() == 0 ? "" : "; ").append(metadataErrors.size()).append(" of ")
                    .append(metadataInRequest).append(" metadata entries refused: ");
            list(message, metadataErrors);
        }
        return new RemoteWriteException(seriesErrors.isEmpty() ? RemoteWriteErrorCode.INVALID_METADATA
                : RemoteWriteErrorCode.INVALID_SERIES, message.toString());
    }

    private static void list(StringBuilder message, List<String> reasons) {
        int listed = Math.min(reasons.size(), SERIES_LISTED);
        message.append(String.join("; ", reasons.subList(0, listed)));
        if (reasons.size() > listed) {
            message.append("; and ").append(reasons.size() - listed).append(" more");
        }
    }

    public RemoteWriteErrorCode code() {
        return code;
    }

    public int httpStatus() {
        return code.httpStatus();
    }
}
