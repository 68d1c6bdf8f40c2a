package dev.meridian.storage.commitlog;

/**
 * Where a record starts in the commit log: the segment's sequence number and the byte offset of
 * the record's frame in that segment file. Positions order as the records do in the log.
 *
 * <p>A position handed out by {@link CommitLog#append} or reported by a replay is a record
 * boundary; replay may start at any such position.
 *
 * @param segment the segment's sequence number, as in its file name
 * @param offset the byte offset in the segment file
 */
public record LogPosition(long segment, long offset) implements Comparable<LogPosition> {
    /** Before every record of every segment: replaying from here replays the whole log. */
    public static final LogPosition START = new LogPosition(0, 0);

    public LogPosition {
        if (segment < 0) {
            throw new IllegalArgumentException("segment must be >= 0 (got: " + segment + ")");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0 (got: " + offset + ")");
        }
    }

    @Override
    public int compareTo(LogPosition other) {
        int bySegment = Long.compare(segment, other.segment);
        return bySegment != 0 ? bySegment : Long.compare(offset, other.offset);
    }

    @Override
    public String toString() {
        return "segment " + segment + " offset " + offset;
    }
}
