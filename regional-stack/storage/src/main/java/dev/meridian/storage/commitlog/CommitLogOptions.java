package dev.meridian.storage.commitlog;

import static java.util.Objects.requireNonNull;

import dev.meridian.storage.FsyncPolicy;

/**
 * How a {@link CommitLog} writes.
 *
 * @param fsyncPolicy {@code everyWrite}: an append returns once its record is on disk; an
 *     interval: once it is in memory, with a write and fsync at least every interval
 * @param segmentSize the largest a segment file grows; a record that would not fit starts the next
 *     segment, so a payload can be at most {@code segmentSize} minus {@value #SEGMENT_OVERHEAD} bytes
 * @param bufferSize how many appended bytes may wait in memory for the writer; appenders block
 *     beyond it (a single larger record is let through alone)
 * @param listener metrics and log hooks
 */
public record CommitLogOptions(FsyncPolicy fsyncPolicy, long segmentSize, int bufferSize, CommitLogListener listener) {
    public static final long DEFAULT_SEGMENT_SIZE = 64L << 20;
    public static final int DEFAULT_BUFFER_SIZE = 16 << 20;
    public static final long MIN_SEGMENT_SIZE = 64;
    public static final long MAX_SEGMENT_SIZE = 1L << 30;
    public static final int MIN_BUFFER_SIZE = 1 << 10;
    /** Segment header, one frame header and the end marker: what a segment holds besides one payload. */
    public static final int SEGMENT_OVERHEAD = SegmentFormat.HEADER_SIZE + SegmentFormat.FRAME_HEADER_SIZE
            + SegmentFormat.END_MARKER_SIZE;

    public CommitLogOptions {
        requireNonNull(fsyncPolicy, "fsyncPolicy is null");
        requireNonNull(listener, "listener is null");
        if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
            throw new IllegalArgumentException("segmentSize must be in [" + MIN_SEGMENT_SIZE + ", " + MAX_SEGMENT_SIZE
                    + "] bytes (got: " + segmentSize + ")");
        }
        if (bufferSize < MIN_BUFFER_SIZE) {
            throw new IllegalArgumentException("bufferSize must be >= " + MIN_BUFFER_SIZE + " bytes (got: " + bufferSize + ")");
        }
    }

    /** 64 MiB segments, a 16 MiB buffer, no listener. */
    public static CommitLogOptions of(FsyncPolicy fsyncPolicy) {
        return new CommitLogOptions(fsyncPolicy, DEFAULT_SEGMENT_SIZE, DEFAULT_BUFFER_SIZE, CommitLogListener.NONE);
    }

    public CommitLogOptions withSegmentSize(long segmentSize) {
        return new CommitLogOptions(fsyncPolicy, segmentSize, bufferSize, listener);
    }

    public CommitLogOptions withBufferSize(int bufferSize) {
        return new CommitLogOptions(fsyncPolicy, segmentSize, bufferSize, listener);
    }

    public CommitLogOptions withListener(CommitLogListener listener) {
        return new CommitLogOptions(fsyncPolicy, segmentSize, bufferSize, listener);
    }

    /** The largest payload one record can carry. */
    public int maxPayloadSize() {
        return (int) (segmentSize - SEGMENT_OVERHEAD);
    }
}
