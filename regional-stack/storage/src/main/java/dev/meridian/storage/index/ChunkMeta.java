package dev.meridian.storage.index;

/**
 * Where a series' chunk lies in time and where the block keeps it. The index stores it and hands
 * it back; {@code ref} is opaque to the index (the block layer uses it as an offset into its
 * chunks file).
 *
 * @param minTime first sample timestamp in the chunk, inclusive
 * @param maxTime last sample timestamp in the chunk, inclusive
 * @param ref where the block finds the chunk
 */
public record ChunkMeta(long minTime, long maxTime, long ref) {
    public ChunkMeta {
        if (maxTime < minTime) {
            throw new IllegalArgumentException("maxTime must not be before minTime (got: " + minTime + ".." + maxTime + ")");
        }
    }
}
