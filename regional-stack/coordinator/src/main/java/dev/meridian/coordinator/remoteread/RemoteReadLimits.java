package dev.meridian.coordinator.remoteread;

/**
 * Limits on remote reads. Each one, when hit, refuses the request with an error naming it
 * ({@link RemoteReadErrorCode}).
 *
 * @param maxSeriesPerRequest most series all queries of one request may return together (series
 *     with no sample in their query's range are not counted); default 500,000. Prometheus has no
 *     such limit
 * @param maxSamplesPerRequest most samples all queries of one request may return together; default
 *     10,000,000. Prometheus' {@code --storage.remote.read-sample-limit} (default 5e7) counts per
 *     query and applies to SAMPLES only; ours counts per request and applies to both response
 *     types, and is lower because a SAMPLES response is built in memory (about 30 bytes per sample
 *     at the peak)
 * @param maxConcurrentRequests most reads running at once; default 10, as Prometheus'
 *     {@code --storage.remote.read-concurrent-limit}. Further requests are refused with 503 (Prometheus
 *     queues them)
 * @param maxBytesInFrame the size a STREAMED_XOR_CHUNKS frame aims at: a series' chunks are cut
 *     into a new frame once its labels and chunks reach it, so a frame is over it by at most one
 *     chunk; default 1 MiB, as Prometheus' {@code --storage.remote.read-max-bytes-in-frame}
 */
public record RemoteReadLimits(int maxSeriesPerRequest, long maxSamplesPerRequest, int maxConcurrentRequests,
        int maxBytesInFrame) {
    public static final RemoteReadLimits DEFAULT = new RemoteReadLimits(500_000, 10_000_000, 10, 1 << 20);

    public RemoteReadLimits {
        if (maxSeriesPerRequest <= 0) {
            throw new IllegalArgumentException("maxSeriesPerRequest must be > 0 (got: " + maxSeriesPerRequest + ")");
        }
        if (maxSamplesPerRequest <= 0) {
            throw new IllegalArgumentException("maxSamplesPerRequest must be > 0 (got: " + maxSamplesPerRequest + ")");
        }
        if (maxConcurrentRequests <= 0) {
            throw new IllegalArgumentException("maxConcurrentRequests must be > 0 (got: " + maxConcurrentRequests + ")");
        }
        if (maxBytesInFrame <= 0) {
            throw new IllegalArgumentException("maxBytesInFrame must be > 0 (got: " + maxBytesInFrame + ")");
        }
    }
}
