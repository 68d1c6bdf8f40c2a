package dev.meridian.storage.chunk;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.storage.SampleIterator;

/** Entry points to the encodings: appenders that write chunks and iterators that read them. */
public final class Chunks {
    private Chunks() {}

    /** A new, empty appender writing {@code encoding}. */
    public static ChunkAppender newAppender(ChunkEncoding encoding) {
        return newAppender(encoding, 0);
    }

    /**
     * A new, empty appender writing {@code encoding} into a buffer of about {@code expectedBytes}
     * (it grows past them if needed); the head passes the size of the series' previous chunk.
     */
    public static ChunkAppender newAppender(ChunkEncoding encoding, int expectedBytes) {
        requireNonNull(encoding, "encoding is null");
        return switch (encoding) {
            case XOR -> new XorAppender(expectedBytes);
            case TSZ -> new TszAppender(expectedBytes);
        };
    }

    /**
     * Iterates the {@code numSamples} samples encoded in {@code data[offset, offset + length)},
     * the first of them at {@code minTime} (the stream does not repeat the timestamp its
     * container keeps: a head chunk's header, a block's index, a fetched chunk's message). The
     * iterator reads the array in place; it must not change while iterating.
     *
     * @throws dev.meridian.storage.StorageException {@link dev.meridian.storage.StorageErrorCode#CORRUPTION}
     *     from the iterator's methods if the data is not a stream of {@code numSamples} samples
     */
    public static SampleIterator iterator(ChunkEncoding encoding, byte[] data, int offset, int length, int numSamples,
            long minTime) {
        requireNonNull(encoding, "encoding is null");
        return switch (encoding) {
            case XOR -> new XorIterator(data, offset, length, numSamples, minTime);
            case TSZ -> new TszIterator(data, offset, length, numSamples, minTime);
        };
    }

    static int checkNumSamples(int numSamples) {
        if (numSamples < 0) {
            throw new IllegalArgumentException("numSamples must be >= 0 (got: " + numSamples + ")");
        }
        return numSamples;
    }
}
