package dev.meridian.storage.chunk;

/**
 * Encodes {@link ChunkEncoding#XOR} chunks: Gorilla's compression (Pelkonen et al., "Gorilla: A
 * Fast, Scalable, In-Memory Time Series Database", VLDB 2015, section 4.1) with the millisecond
 * timestamp buckets Prometheus uses. The layout, bit by bit, is in {@code docs/format/chunk.md}.
 *
 * <pre>
 * Timestamps. The first is written whole (zigzag varint), the second as its distance to the first
 * (unsigned varint). From then on only the change of that distance, the delta of delta D, which
 * is 0 for evenly spaced samples:
 *     D == 0                      '0'
 *     -8191   <= D <= 8192        '10'   + D in 14 bits (two's complement)
 *     -65535  <= D <= 65536       '110'  + D in 17 bits
 *     -524287 <= D <= 524288      '1110' + D in 20 bits
 *     otherwise                   '1111' + D in 64 bits
 * (Gorilla's buckets are 7/9/12/32 bits for seconds; milliseconds need wider ones.)
 *
 * Values. The first is written whole (64 bits), then each value as X = its bits XOR the previous
 * value's bits. Values that change little share sign, exponent and high mantissa bits, so X has
 * long runs of leading and trailing zeros:
 *     X == 0                      '0'
 *     X's meaningful bits fit the last window (as many leading and trailing zeros at least)
 *                                 '10' + the window's bits of X
 *     otherwise                   '11' + leading zeros (5 bits, at most 31)
 *                                      + meaningful bit count (6 bits, 64 written as 0)
 *                                      + the meaningful bits; this becomes the window
 * </pre>
 *
 * Timestamp arithmetic wraps (two's complement), so the encoding round-trips any strictly
 * increasing timestamps, including steps wider than {@code Long.MAX_VALUE}; such D land in the
 * 64-bit bucket.
 */
final class XorAppender extends BitStreamAppender {
    /** {@link #leading} before any window was written. */
    static final byte NO_WINDOW = -1;

    private long lastBits;
    private byte leading = NO_WINDOW;
    private byte trailing;

    XorAppender(int capacity) {
        super(capacity);
    }

    @Override
    public ChunkEncoding encoding() {
        return ChunkEncoding.XOR;
    }

    @Override
    void encode(int index, long t, double v) {
        long bits = Double.doubleToRawLongBits(v);
        if (index == 0) {
            // The first timestamp is the chunk's minTime, which every container keeps beside it.
            writeBits(bits, 64);
        } else if (index == 1) {
            long delta = t - lastTime;
            writeUvarint(delta);
            lastDelta = delta;
            writeValue(bits);
        } else {
            long delta = t - lastTime;
            writeDeltaOfDelta(delta - lastDelta);
            lastDelta = delta;
            writeValue(bits);
        }
        lastBits = bits;
    }

    private void writeDeltaOfDelta(long dod) {
        if (dod == 0) {
            writeBit(false);
        } else if (fitsSigned(dod, 14)) {
            writeBits((0b10L << 14) | (dod & 0x3FFF), 16);
        } else if (fitsSigned(dod, 17)) {
            writeBits((0b110L << 17) | (dod & 0x1FFFF), 20);
        } else if (fitsSigned(dod, 20)) {
            writeBits((0b1110L << 20) | (dod & 0xFFFFF), 24);
        } else {
            writeBits(0b1111, 4);
            writeBits(dod, 64);
        }
    }

    /** Whether {@code x} lies in {@code [-(2^(n-1) - 1), 2^(n-1)]}, the bucket range of n bits. */
    static boolean fitsSigned(long x, int n) {
        long half = 1L << (n - 1);
        return x > -half && x <= half;
    }

    private void writeValue(long bits) {
        long xor = bits ^ lastBits;
        if (xor == 0) {
            writeBit(false);
            return;
        }
        int lead = Math.min(Long.numberOfLeadingZeros(xor), 31);
        int trail = Long.numberOfTrailingZeros(xor);
        if (leading != NO_WINDOW && lead >= leading && trail >= trailing) {
            int width = 64 - leading - trailing;
            writeBits(0b10, 2);
            writeBits(xor >>> trailing, width);
        } else {
            int width = 64 - lead - trail;
            writeBits((0b11L << 11) | ((long) lead << 6) | (width & 63), 13);
            writeBits(xor >>> trail, width);
            leading = (byte) lead;
            trailing = (byte) trail;
        }
    }

    @Override
    long shallowRetainedBytes() {
        // 12 header + 4 bytes + 4 bitLength + 8 firstTime + 8 lastTime + 8 lastDelta + 1 numSamples
        // + 8 lastBits + 1 leading + 1 trailing = 55, padded to 56.
        return 56;
    }
}
