package dev.meridian.coordinator.write;

import static java.util.Objects.requireNonNull;

import dev.meridian.storage.series.SeriesLimits;

/**
 * Limits on one remote-write request. A request over a body or series limit is refused whole
 * (413); a series over a label limit is refused alone (400, the rest are kept).
 *
 * @param maxCompressedBytes largest body as received (snappy-compressed); default 16 MiB, ample
 *     for Prometheus' batches (2.42 sends at most 500 samples per request by default)
 * @param maxDecompressedBytes largest body after decompression, checked against the length in the
 *     snappy header before any decompression; default 64 MiB
 * @param maxSeriesPerRequest most series in one request; default 100,000
 * @param series limits on each series' labels, shared with the storage engine; default {@link
 *     SeriesLimits#DEFAULT} (64 labels, 256-byte names, 4096-byte values)
 */
public record RemoteWriteLimits(
        int maxCompressedBytes, int maxDecompressedBytes, int maxSeriesPerRequest, SeriesLimits series) {
    public static final RemoteWriteLimits DEFAULT =
            new RemoteWriteLimits(16 << 20, 64 << 20, 100_000, SeriesLimits.DEFAULT);

    public RemoteWriteLimits {
        if (maxCompressedBytes <= 0) {
            throw new IllegalArgumentException("maxCompressedBytes must be > 0 (got: " + maxCompressedBytes + ")");
        }
        if (maxDecompressedBytes <= 0) {
            throw new IllegalArgumentException("maxDecompressedBytes must be > 0 (got: " + maxDecompressedBytes + ")");
        }
        if (maxSeriesPerRequest <= 0) {
            throw new IllegalArgumentException("maxSeriesPerRequest must be > 0 (got: " + maxSeriesPerRequest + ")");
        }
        requireNonNull(series, "series is null");
    }
}
