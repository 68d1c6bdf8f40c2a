package dev.meridian.storage.chunk;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.storage.SampleIterator;

/**
 * An immutable, encoded run of samples of one series, in time order. {@code data} is the
 * encoding's stream (see {@code docs/format/chunk.md}); the chunk owns it and never changes it.
 */
public final class Chunk {
    private final ChunkEncoding encoding;
    private final byte[] data;
    private final int numSamples;
    private final long minTime;
    private final long maxTime;

    public Chunk(ChunkEncoding encoding, byte[] data, int numSamples, long minTime, long maxTime) {
        this.encoding = requireNonNull(encoding, "encoding is null");
        this.data = requireNonNull(data, "data is null");
        if (numSamples <= 0) {
            throw new IllegalArgumentException("numSamples must be > 0 (got: " + numSamples + ")");
        }
        if (maxTime < minTime) {
            throw new IllegalArgumentException("maxTime must not be before minTime (got: " + minTime + ".." + maxTime + ")");
        }
        this.numSamples = numSamples;
        this.minTime = minTime;
        this.maxTime = maxTime;
    }

    public ChunkEncoding encoding() {
        return encoding;
    }

    /** The encoded stream. Callers must not modify it. */
    public byte[] data() {
        return data;
    }

    public int numSamples() {
        return numSamples;
    }

    public long minTime() {
        return minTime;
    }

    public long maxTime() {
        return maxTime;
    }

    /** Iterates the chunk's samples; see {@link Chunks#iterator}. */
    public SampleIterator iterator() {
        return Chunks.iterator(encoding, data, 0, data.length, numSamples, minTime);
    }
}
