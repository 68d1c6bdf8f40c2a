package dev.meridian.storage.chunk;

/**
 * What both encodings' appenders share: the order and size checks, the time range, snapshots and
 * memory accounting. A subclass encodes one sample into the stream in {@link #encode}.
 *
 * <p>The first timestamp is kept in a field, not in the stream: every container of a chunk keeps
 * its minTime beside it (a head chunk's header, a block's index, a fetched chunk's message), so the
 * stream does not repeat it, which saves about six bytes per chunk on disk and on the wire.
 */
abstract class BitStreamAppender extends BitWriter implements ChunkAppender {
    /** Timestamp of the first sample. */
    private long firstTime;
    /** Timestamp of the last sample. */
    long lastTime;
    /** Timestamp difference between the last two samples (unsigned; wraps like the timestamps). */
    long lastDelta;
    private byte numSamples;

    BitStreamAppender(int capacity) {
        super(capacity);
    }

    @Override
    public final int encodedBytes() {
        return byteLength();
    }

    @Override
    public final boolean append(long t, double v) {
        int n = numSamples;
        if (n > 0 && t <= lastTime) {
            throw new IllegalArgumentException("timestamp must be after the last one " + lastTime + " (got: " + t + ")");
        }
        if (n == MAX_SAMPLES) {
            return false;
        }
        encode(n, t, v);
        if (n == 0) {
            firstTime = t;
        }
        lastTime = t;
        numSamples = (byte) (n + 1);
        return true;
    }

    /**
     * Writes sample number {@code index} (0-based). Runs before {@link #lastTime} is updated;
     * keeping {@link #lastDelta} is the subclass' job.
     */
    abstract void encode(int index, long t, double v);

    /** Heap bytes of the appender object itself (header and fields), as laid out by HotSpot. */
    abstract long shallowRetainedBytes();

    @Override
    public final int numSamples() {
        return numSamples;
    }

    @Override
    public final long minTime() {
        checkNotEmpty();
        return firstTime;
    }

    @Override
    public final long maxTime() {
        checkNotEmpty();
        return lastTime;
    }

    /** @throws IllegalStateException if nothing was appended (a chunk holds at least one sample) */
    @Override
    public final Chunk snapshot() {
        checkNotEmpty();
        return new Chunk(encoding(), toByteArray(), numSamples, minTime(), lastTime);
    }

    /**
     * The object plus its byte array, for a 64-bit HotSpot JVM with compressed class pointers and
     * references (the default below 32 GB of heap): 12-byte object headers, 16-byte array headers,
     * 8-byte alignment.
     */
    @Override
    public final long retainedBytes() {
        return shallowRetainedBytes() + bufferRetainedBytes();
    }

    private void checkNotEmpty() {
        if (numSamples == 0) {
            throw new IllegalStateException("no samples appended");
        }
    }
}
