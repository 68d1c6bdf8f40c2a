package dev.meridian.storage.chunk;

import dev.meridian.promql.storage.SampleIterator;

/**
 * What both encodings' iterators share, as {@link BitStreamAppender} does for the appenders: the
 * sample count, the first timestamp (the chunk's minTime, which the stream does not hold), and
 * {@link #seek} by decoding forward. A subclass decodes one sample in {@link #decode}.
 */
abstract class BitStreamIterator extends BitReader implements SampleIterator {
    private final int numSamples;
    private final long firstTime;
    private int read;
    private boolean exhausted;
    /** Timestamp of the current sample; {@link #decode} moves it on. */
    long time;

    BitStreamIterator(byte[] data, int offset, int length, int numSamples, long firstTime) {
        super(data, offset, length);
        this.numSamples = Chunks.checkNumSamples(numSamples);
        this.firstTime = firstTime;
    }

    @Override
    public final boolean next() {
        int i = read;
        if (i == numSamples) {
            exhausted = true;
            return false;
        }
        if (i == 0) {
            time = firstTime;
        }
        decode(i);
        read = i + 1;
        return true;
    }

    /**
     * Reads sample number {@code index} (0-based) and updates {@link #time}; for the first sample
     * it already holds the chunk's minTime.
     */
    abstract void decode(int index);

    @Override
    public final boolean seek(long t) {
        if (exhausted) {
            return false;
        }
        if (read > 0 && time >= t) {
            return true;
        }
        while (next()) {
            if (time >= t) {
                return true;
            }
        }
        return false;
    }

    @Override
    public final long timestamp() {
        return time;
    }
}
