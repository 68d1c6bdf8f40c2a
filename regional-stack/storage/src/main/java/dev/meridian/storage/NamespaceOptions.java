package dev.meridian.storage;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A namespace: series stored at one resolution for one retention, in blocks of one size (the M3
 * model; e.g. {@code raw} at 10s for 48h, {@code agg_1m} at 1m for 90d).
 *
 * @param name how writes and queries address it: {@code [a-zA-Z0-9_-]+}
 * @param resolution the sample interval writers use (informational for raw data; aggregated
 *     namespaces hold one sample per resolution step)
 * @param retention how long blocks are kept; whole blocks are dropped once they end before now
 *     minus the retention
 * @param blockSize the time window of one block, and of one index block
 * @param bufferPast how late a sample may arrive: the head accepts samples back to the start of
 *     its window minus this, and flushes a block this long after the block's window ends
 * @param bufferFuture how far ahead of now a sample may be
 * @param shards the number of virtual shards series are hashed into
 */
public record NamespaceOptions(String name, Duration resolution, Duration retention, Duration blockSize,
        Duration bufferPast, Duration bufferFuture, int shards) {
    public static final int DEFAULT_SHARDS = 64;

    public NamespaceOptions {
        requireNonNull(name, "name is null");
        if (!name.matches("[a-zA-Z0-9_-]+")) {
            throw new IllegalArgumentException("namespace name must match [a-zA-Z0-9_-]+ (got: \"" + name + "\")");
        }
        positive(resolution, "resolution");
        positive(retention, "retention");
        positive(blockSize, "blockSize");
        requireNonNull(bufferPast, "bufferPast is null");
        requireNonNull(bufferFuture, "bufferFuture is null");
        if (bufferPast.isNegative() || bufferFuture.isNegative()) {
            throw new IllegalArgumentException("bufferPast and bufferFuture must not be negative (got: " + bufferPast
                    + ", " + bufferFuture + ")");
        }
        if (bufferPast.compareTo(blockSize) >= 0) {
            throw new IllegalArgumentException("bufferPast must be shorter than blockSize (got: " + bufferPast + " >= " + blockSize + ")");
        }
        if (retention.compareTo(blockSize) < 0) {
            throw new IllegalArgumentException("retention must be at least one blockSize (got: " + retention + " < " + blockSize + ")");
        }
        if (Duration.ofDays(1).toMillis() % blockSize.toMillis() != 0 && blockSize.toMillis() % Duration.ofDays(1).toMillis() != 0) {
            throw new IllegalArgumentException("blockSize must divide a day or be whole days (got: " + blockSize + ")");
        }
        if (shards <= 0 || shards > 4096) {
            throw new IllegalArgumentException("shards must be in [1, 4096] (got: " + shards + ")");
        }
    }

    /** Raw data: 10s resolution, 2h blocks, 10m bufferPast, 2m bufferFuture, 64 shards. */
    public static NamespaceOptions raw(String name, Duration retention) {
        return new NamespaceOptions(name, Duration.ofSeconds(10), retention, Duration.ofHours(2), Duration.ofMinutes(10),
                Duration.ofMinutes(2), DEFAULT_SHARDS);
    }

    /** Start of the block window holding {@code t}. */
    public long blockStart(long t) {
        long size = blockSize.toMillis();
        return Math.floorDiv(t, size) * size;
    }

    private static void positive(Duration d, String what) {
        requireNonNull(d, what + " is null");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be > 0 (got: " + d + ")");
        }
    }
}
