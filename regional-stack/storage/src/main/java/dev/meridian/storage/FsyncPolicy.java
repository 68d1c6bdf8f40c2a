package dev.meridian.storage;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When the commit log forces writes to disk.
 *
 * @param everyWrite true: a write returns only after its record is on disk (writes waiting
 *     together share one fsync); false: records are written and synced every {@code interval}, so
 *     a crash loses at most the last interval of acknowledged writes
 * @param interval the group-commit interval when not syncing every write
 */
public record FsyncPolicy(boolean everyWrite, Duration interval) {
    public FsyncPolicy {
        requireNonNull(interval, "interval is null");
        if (!everyWrite && (interval.isNegative() || interval.isZero())) {
            throw new IllegalArgumentException("fsync interval must be > 0 (got: " + interval + ")");
        }
    }

    /** {@code fsync=always}. */
    public static FsyncPolicy always() {
        return new FsyncPolicy(true, Duration.ZERO);
    }

    /** Group commit every {@code interval}. */
    public static FsyncPolicy every(Duration interval) {
        return new FsyncPolicy(false, interval);
    }
}
