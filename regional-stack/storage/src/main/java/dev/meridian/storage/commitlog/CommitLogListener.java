package dev.meridian.storage.commitlog;

import dev.meridian.storage.StorageException;
import java.nio.file.Path;

/**
 * Hooks for metrics and logs ({@link CommitLogMeters} is the Micrometer one). Callbacks come from
 * the log's writer thread, except those during {@link CommitLog#open} ({@link #onTailTruncated},
 * the first {@link #onSegmentCreated}) and {@link #onSegmentDeleted} (from {@link
 * CommitLog#truncateBefore}). They run while the writer waits, so they must be quick and must not
 * call {@link CommitLog#append} or {@link CommitLog#sync} (the writer would wait for itself);
 * {@link CommitLog#stats} is fine. An exception one throws goes to the thread's uncaught-exception
 * handler and does not stop the log.
 */
public interface CommitLogListener {
    /** Ignores every event. */
    CommitLogListener NONE = new CommitLogListener() {};

    /** The writer wrote {@code records} records, {@code bytes} bytes with their frames, to a segment file. */
    default void onWrite(int records, long bytes) {}

    /**
     * One fsync finished: every record before {@code durableThrough} is on disk. Called before the
     * appenders waiting for it are released.
     */
    default void onFsync(long nanos, LogPosition durableThrough) {}

    /** A segment file was created (its header is written, the directory synced). */
    default void onSegmentCreated(long segment, Path file) {}

    /** {@link CommitLog#truncateBefore} deleted a segment file. */
    default void onSegmentDeleted(long segment, Path file) {}

    /** {@link CommitLog#open} cut damaged bytes off the end of the newest segment. */
    default void onTailTruncated(TailDamage damage) {}

    /** The log failed (a write or fsync failed); every later append throws {@code failure}'s code. */
    default void onFailure(StorageException failure) {}
}
