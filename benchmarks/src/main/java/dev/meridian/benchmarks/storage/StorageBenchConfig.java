package dev.meridian.benchmarks.storage;

import static java.util.Objects.requireNonNull;

import dev.meridian.storage.chunk.ChunkEncoding;
import java.time.Duration;

/**
 * What {@code meridian bench storage} runs.
 *
 * @param series series in the node-exporter fleet (rounded up to whole hosts)
 * @param hours hours of data at a 10s scrape interval for the ingest phase (append rate, bytes per
 *     sample, heap per series)
 * @param rotations index-block rotations (block flushes) the rotation phase runs through
 * @param blockSize the namespace's block size (2h in production)
 * @param bufferPast how late samples may come; a window is flushed this long after it ends
 * @param writers threads writing concurrently
 * @param batchSeries series per write batch (one sample each: a scrape's worth)
 * @param recoverySamples samples written to a node process before it is killed, for the recovery
 *     phase (0 skips it)
 * @param seed the fleet's seed
 * @param encoding the chunk encoding of the in-process engines
 */
public record StorageBenchConfig(int series, int hours, int rotations, Duration blockSize, Duration bufferPast, int writers,
        int batchSeries, long recoverySamples, long seed, ChunkEncoding encoding) {
    public static final int DEFAULT_SERIES = 100_000;
    public static final int DEFAULT_HOURS = 2;
    public static final int DEFAULT_ROTATIONS = 3;
    public static final long DEFAULT_RECOVERY_SAMPLES = 12_000_000;
    public static final long INTERVAL_MILLIS = 10_000;

    public StorageBenchConfig {
        if (series <= 0) {
            throw new IllegalArgumentException("series must be > 0 (got: " + series + ")");
        }
        if (hours <= 0) {
            throw new IllegalArgumentException("hours must be > 0 (got: " + hours + ")");
        }
        if (rotations < 0) {
            throw new IllegalArgumentException("rotations must be >= 0 (got: " + rotations + ")");
        }
        requireNonNull(blockSize, "blockSize is null");
        requireNonNull(bufferPast, "bufferPast is null");
        requireNonNull(encoding, "encoding is null");
        if (writers <= 0 || batchSeries <= 0) {
            throw new IllegalArgumentException("writers and batchSeries must be > 0 (got: " + writers + ", " + batchSeries + ")");
        }
        if (recoverySamples < 0) {
            throw new IllegalArgumentException("recoverySamples must be >= 0 (got: " + recoverySamples + ")");
        }
    }

    /** 100k series, 2 hours, 3 rotations of 2h blocks (10m bufferPast), 2 writers, 1000-series batches, TSZ. */
    public static StorageBenchConfig defaults() {
        return new StorageBenchConfig(DEFAULT_SERIES, DEFAULT_HOURS, DEFAULT_ROTATIONS, Duration.ofHours(2), Duration.ofMinutes(10),
                2, 1000, DEFAULT_RECOVERY_SAMPLES, 20231114L, ChunkEncoding.TSZ);
    }
}
