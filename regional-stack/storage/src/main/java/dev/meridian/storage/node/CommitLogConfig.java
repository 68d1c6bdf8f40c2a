package dev.meridian.storage.node;

import static java.util.Objects.requireNonNull;

import dev.meridian.storage.FsyncPolicy;
import java.time.Duration;

/**
 * How the node's commit log writes (the {@code commitLog} section of the config file,
 * docs/node-config.md).
 *
 * @param fsync when records are forced to disk
 * @param segmentBytes the size at which the log starts a new segment file; whole segments are
 *     deleted once the head no longer needs them
 */
public record CommitLogConfig(FsyncPolicy fsync, long segmentBytes) {
    /** Group commit every 100ms: a crash loses at most the last 100ms of acknowledged writes on this replica. */
    public static final FsyncPolicy DEFAULT_FSYNC = FsyncPolicy.every(Duration.ofMillis(100));
    /** 128 MiB, as Prometheus' WAL segments. */
    public static final long DEFAULT_SEGMENT_BYTES = 128L << 20;
    public static final long MIN_SEGMENT_BYTES = 64L << 10;
    public static final long MAX_SEGMENT_BYTES = 1L << 30;

    public CommitLogConfig {
        requireNonNull(fsync, "fsync is null");
        if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segmentBytes must be in [" + MIN_SEGMENT_BYTES + ", " + MAX_SEGMENT_BYTES
                    + "] (got: " + segmentBytes + ")");
        }
    }

    /** 100ms group commit, 128 MiB segments. */
    public static CommitLogConfig defaults() {
        return new CommitLogConfig(DEFAULT_FSYNC, DEFAULT_SEGMENT_BYTES);
    }
}
