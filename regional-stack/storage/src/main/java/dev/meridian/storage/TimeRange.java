package dev.meridian.storage;

/**
 * Bounds of the samples a namespace (or a node, or a region) may hold: no sample is older than
 * {@code minTime} or newer than {@code maxTime}, both inclusive, in milliseconds since the epoch.
 * Bounds, not the exact oldest and newest samples: see {@link Storage#timeRanges()} for how loose
 * they may be. An empty range ({@link #EMPTY}, or any with {@code minTime > maxTime}) holds no
 * samples.
 *
 * @param minTime no sample is older
 * @param maxTime no sample is newer
 */
public record TimeRange(long minTime, long maxTime) {
    /** The range of no samples: {@code minTime = Long.MAX_VALUE}, {@code maxTime = Long.MIN_VALUE}. */
    public static final TimeRange EMPTY = new TimeRange(Long.MAX_VALUE, Long.MIN_VALUE);

    /** True if the range holds no samples ({@code minTime > maxTime}). */
    public boolean isEmpty() {
        return minTime > maxTime;
    }

    /** The smallest range covering both; an empty range adds nothing. */
    public TimeRange union(TimeRange other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        return new TimeRange(Math.min(minTime, other.minTime), Math.max(maxTime, other.maxTime));
    }
}
