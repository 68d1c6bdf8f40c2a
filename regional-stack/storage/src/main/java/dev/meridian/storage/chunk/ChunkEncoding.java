package dev.meridian.storage.chunk;

/**
 * How the samples of a chunk are compressed. The id is the byte stored in chunk headers, block
 * files and on the wire (node.proto); ids are never reused. Formats: {@code docs/format/chunk.md}.
 */
public enum ChunkEncoding {
    /** Gorilla (VLDB 2015): delta-of-delta timestamps, XOR of consecutive float values. */
    XOR((byte) 1),
    /**
     * Gorilla timestamps; values that are integers after scaling by a power of ten (counters,
     * byte gauges, few-decimal floats) as deltas of those integers, others as XOR, as M3TSZ does.
     */
    TSZ((byte) 2);

    private final byte id;

    ChunkEncoding(byte id) {
        this.id = id;
    }

    public byte id() {
        return id;
    }

    /** @throws IllegalArgumentException for an unknown id */
    public static ChunkEncoding fromId(byte id) {
        for (ChunkEncoding e : values()) {
            if (e.id == id) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown chunk encoding id " + id);
    }
}
