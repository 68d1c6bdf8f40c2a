package dev.meridian.coordinator.remoteread;

import static java.util.Objects.requireNonNull;

/**
 * Counts the series and samples one request returns, across all its queries, against {@link
 * RemoteReadLimits}. Not thread-safe: one per request.
 */
final class ReadBudget {
    private final RemoteReadLimits limits;
    private int series;
    private long samples;

    ReadBudget(RemoteReadLimits limits) {
        this.limits = requireNonNull(limits, "limits is null");
    }

    /** Charges one more series. */
    void chargeSeries(int query) {
        if (series == limits.maxSeriesPerRequest()) {
            throw new RemoteReadException(RemoteReadErrorCode.TOO_MANY_SERIES, "exceeded series limit ("
                    + limits.maxSeriesPerRequest() + ", maxSeriesPerRequest): query " + query
                    + " brings the request over it; select fewer series per request");
        }
        series++;
    }

    /** Charges one more sample. */
    void chargeSample(int query) {
        if (samples == limits.maxSamplesPerRequest()) {
            throw new RemoteReadException(RemoteReadErrorCode.TOO_MANY_SAMPLES, "exceeded sample limit ("
                    + limits.maxSamplesPerRequest() + ", maxSamplesPerRequest): query " + query
                    + " brings the request over it; read a shorter time range or fewer series per request");
        }
        samples++;
    }
}
