package dev.meridian.storage.chunk;

/**
 * The open, growing chunk of a series in the head. Not thread-safe: the head serializes appends
 * per series; readers take {@link #snapshot()}.
 */
public interface ChunkAppender {
    /** Most samples one chunk holds. */
    int MAX_SAMPLES = 120;

    ChunkEncoding encoding();

    /**
     * Appends a sample; timestamps must increase strictly.
     *
     * @return false if the chunk is full ({@link #MAX_SAMPLES}); the caller then seals it and
     *     starts a new one
     * @throws IllegalArgumentException if {@code t} is not after the last timestamp
     */
    boolean append(long t, double v);

    int numSamples();

    /** Bytes of the encoded stream so far. */
    int encodedBytes();

    /** Timestamp of the first sample; only when not empty. */
    long minTime();

    /** Timestamp of the last sample; only when not empty. */
    long maxTime();

    /** An immutable chunk holding the samples appended so far. */
    Chunk snapshot();

    /** Heap bytes this appender holds, for memory accounting. */
    long retainedBytes();
}
