package dev.meridian.storage;

import static java.util.Objects.requireNonNull;

/**
 * Why the samples of one series of a batch were not written; the rest of the batch was.
 *
 * @param series the series in PromQL form, e.g. {@code {__name__="up", job="api"}}
 * @param code what kind of problem
 * @param reason what exactly, e.g. "sample at 2024-01-01T00:00:00Z is older than the accepted window"
 * @param samplesRejected how many of the series' samples were dropped
 */
public record SeriesError(String series, StorageErrorCode code, String reason, int samplesRejected) {
    public SeriesError {
        requireNonNull(series, "series is null");
        requireNonNull(code, "code is null");
        requireNonNull(reason, "reason is null");
    }

    @Override
    public String toString() {
        return series + ": " + reason;
    }
}
