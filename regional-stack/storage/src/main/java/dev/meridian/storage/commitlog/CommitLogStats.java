package dev.meridian.storage.commitlog;

import static java.util.Objects.requireNonNull;

/**
 * Counters since the log was opened.
 *
 * @param records records appended
 * @param bytesAppended bytes appended, frames included
 * @param bytesWritten bytes written to segment files: frames, segment headers and end markers
 * @param bufferedBytes appended bytes not yet written to a file
 * @param fsyncs fsyncs of segment files
 * @param fsyncNanos total time spent in them
 * @param maxFsyncNanos the longest one
 * @param segments segment files in the directory
 * @param durableThrough every record before this position is on disk
 */
public record CommitLogStats(long records, long bytesAppended, long bytesWritten, long bufferedBytes, long fsyncs,
        long fsyncNanos, long maxFsyncNanos, int segments, LogPosition durableThrough) {
    public CommitLogStats {
        requireNonNull(durableThrough, "durableThrough is null");
    }
}
