package dev.meridian.promql.ast;

/** A half-open range {@code [start, end)} of character offsets into the query text. */
public record PositionRange(int start, int end) {
    public static final PositionRange NONE = new PositionRange(0, 0);

    public PositionRange {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("invalid position range [" + start + ", " + end + ")");
        }
    }

    /** The smallest range covering both. */
    public PositionRange union(PositionRange other) {
        return new PositionRange(Math.min(start, other.start), Math.max(end, other.end));
    }
}
