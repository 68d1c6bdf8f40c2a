package dev.meridian.storage.chunk;

/**
 * Encodes {@link ChunkEncoding#TSZ} chunks. The layout, bit by bit and with a worked example, is
 * in {@code docs/format/chunk.md}; this comment gives the reasoning.
 *
 * <p>It follows the idea of M3's M3TSZ (m3db.io, "M3TSZ": Gorilla plus an integer mode for values
 * that are integers after multiplying by a power of ten) with its own bit layout, tuned for what
 * node-exporter-like targets send: integer counters (bytes, packets), counters with two decimals
 * (CPU seconds are kernel ticks / 100), integer gauges that are multiples of 1024 or 4096 (memory
 * and file system bytes), constant series (totals, info metrics, {@code up}), and gauges with two
 * decimals (load averages). Gorilla's XOR does poorly on decimals: 0.52 and 0.61 share few mantissa
 * bits, so each XOR spends 40-50 bits; as integers (52 and 61 at scale 2) their difference is 7 bits.
 *
 * <pre>
 * Value modes. A value v is "int at scale k" if v == n / 10^k bit for bit (division as the decoder
 * does it), for some integer |n| <= 2^53 and k in 0..6; -0.0, NaN and infinities never are. The
 * chunk is in int mode at some scale k, holding n of the last value, or in float mode, holding the
 * last value's bits.
 *   - Int mode writes d = n - n(previous) as a sign and magnitude |d| = m << s, where the window
 *     (shift s, width w) is state: a value whose m fits in w bits and whose |d| has at least s
 *     trailing zero bits costs 1 + 1 + w bits. Only when it does not fit is a new width (and, if
 *     the zeros changed, a new shift) re-sent. The shift removes the ten or twelve zero bits every
 *     difference of a kB * 1024 or page-size gauge has. The encoder also narrows the width after a
 *     run of values that would all fit in at least 2 bits fewer (encoder-side policy only).
 *   - The scale only grows within a chunk: a value needing more decimals rescales n(previous) by
 *     10^(k' - k) (an explicit code) and carries on, so 0.5, 0.25, 0.3 run at scale 2 throughout.
 *   - Any other value switches to float mode with an explicit code: Gorilla's XOR against the
 *     last value's bits, with its leading/trailing-zero window. A value that is int at some scale
 *     switches back, written whole. Staleness markers and NaN payloads therefore cost one switch
 *     each way and round-trip exactly.
 *
 * Timestamps are Gorilla's delta of delta D, as in XOR, except that a sample with D == 0 and an
 * unchanged value is one bit: constant series with regular scrapes dominate node exporter output
 * and cost 2 bits per sample in Gorilla. The D buckets start with Gorilla's 7-bit one, because
 * scrape timestamps jitter by a few milliseconds and Prometheus' smallest bucket is 14 bits.
 *   sample 0    t as zigzag varint, then FIRST
 *   sample 1    t - t0 as unsigned varint, then VALUE
 *   sample i    '0'                         D == 0, value repeats
 *               '10'  CHANGED               D == 0, value changed
 *               '11'  DOD VALUE             D != 0
 *   DOD         '0' 7 bits | '10' 14 bits | '110' 20 bits | '111' 64 bits   (two's complement;
 *               n bits hold -(2^(n-1) - 1) .. 2^(n-1))
 *   FIRST       '0' INT | '1' 64 raw bits
 *   INT         scale k (3 bits) + sign (1) + width w (6) + |n| in w bits     (w = 0 for n = 0)
 *   VALUE       '0' (repeat) | '1' CHANGED
 *   CHANGED, int mode
 *               '0'    sign + m in w bits                  fits the window
 *               '10'   w (6) + sign + m                    new width
 *               '110'  s (6) + w (6) + sign + m            new shift and width
 *               '1110' k' (3) CHANGED                      rescale to k' > k, then the value
 *               '1111' CHANGED-FLOAT                       switch to float mode
 *   CHANGED, float mode (X = bits XOR last bits, never 0)
 *               '0'    X in the window                     as XOR's '10'
 *               '10'   leading (5) + count (6) + bits      as XOR's '11'
 *               '11'   INT                                 switch to int mode, no window
 * </pre>
 *
 * Costs, regular scrapes: constant 1 bit per sample (XOR 2); integer counter ~ width + 4 bits
 * (XOR ~ width + 4..15); two-decimal counters and gauges ~ width + 4 bits (XOR ~ 40-55). On
 * values that are never int (random floats) it pays one bit more than XOR per new XOR window and
 * per irregular timestamp, about 1-2%.
 */
final class TszAppender extends BitStreamAppender {
    /** Largest scale: values with more than 6 decimals are rarely decimal text. */
    static final int MAX_SCALE = 6;
    /** {@link #scale} in float mode. */
    static final byte FLOAT_MODE = -1;
    /** Largest |n| of int mode: every long up to 2^53 is exactly a double. */
    static final long MAX_INT = 1L << 53;
    /** Exact powers of ten 10^0 .. 10^6, as doubles (for values) and longs (for rescaling n). */
    static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};
    static final long[] POW10_LONG = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L};
    /** Result of {@link #scaled} for a value that is not int at that scale. */
    static final long NOT_INT = Long.MIN_VALUE;

    /** Below 2^50 / 10^6, v * 10^6 lands within 1/4 of the integer of any decimal form of v. */
    private static final double EXACT_SCALE_SEARCH_LIMIT = 0x1p50 / 1e6;
    private static final long NEGATIVE_ZERO_BITS = 0x8000000000000000L;
    /** Shifts below this are not worth a window: they are often chance zeros of random data. */
    private static final int MIN_SHIFT = 4;
    /** Narrow the width after this many values in a row fit in at least {@link #NARROW_BITS} fewer bits. */
    private static final int NARROW_RUN = 6;
    private static final int NARROW_BITS = 2;

    /** Int mode: n of the last value. Float mode: the last value's bits. */
    private long last;
    /** 0..6 in int mode, {@link #FLOAT_MODE} in float mode. */
    private byte scale;
    /** Int mode window; width 0 means none yet. */
    private byte shift;
    private byte width;
    /** Int mode: values in a row that fit in {@link #NARROW_BITS} fewer bits, and the widest of them. */
    private byte narrowRun;
    private byte narrowWidth;
    /** Float mode window, as in {@link XorAppender}. */
    private byte leading = XorAppender.NO_WINDOW;
    private byte trailing;

    @Override
    public ChunkEncoding encoding() {
        return ChunkEncoding.TSZ;
    }

    @Override
    void encode(int index, long t, double v) {
        if (index == 0) {
            writeVarint(t);
            writeFirst(v);
            return;
        }
        long delta = t - lastTime;
        long dod = delta - lastDelta;
        lastDelta = delta;
        long bits = Double.doubleToRawLongBits(v);
        long n = scale == FLOAT_MODE ? NOT_INT : scaled(v, scale);
        boolean repeat = scale == FLOAT_MODE ? bits == last : n == last;
        if (index == 1) {
            writeUvarint(delta);
        } else if (dod == 0) {
            if (repeat) {
                writeBit(false);
                return;
            }
            writeBits(0b10, 2);
            writeChanged(v, bits, n);
            return;
        } else {
            writeBits(0b11, 2);
            writeDeltaOfDelta(dod);
        }
        if (repeat) {
            writeBit(false);
        } else {
            writeBit(true);
            writeChanged(v, bits, n);
        }
    }

    private void writeFirst(double v) {
        int k = smallestScale(v);
        if (k < 0) {
            writeBit(true);
            long bits = Double.doubleToRawLongBits(v);
            writeBits(bits, 64);
            scale = FLOAT_MODE;
            last = bits;
        } else {
            writeBit(false);
            enterIntMode(k, scaled(v, k));
        }
    }

    private void writeDeltaOfDelta(long dod) {
        if (XorAppender.fitsSigned(dod, 7)) {
            writeBits(dod & 0x7F, 8);
        } else if (XorAppender.fitsSigned(dod, 14)) {
            writeBits((0b10L << 14) | (dod & 0x3FFF), 16);
        } else if (XorAppender.fitsSigned(dod, 20)) {
            writeBits((0b110L << 20) | (dod & 0xFFFFF), 23);
        } else {
            writeBits(0b111, 3);
            writeBits(dod, 64);
        }
    }

    /** {@code n} is v at the current scale, or {@link #NOT_INT} (always in float mode). */
    private void writeChanged(double v, long bits, long n) {
        if (scale == FLOAT_MODE) {
            writeChangedFloat(v, bits);
            return;
        }
        long scaledValue = n;
        if (scaledValue == NOT_INT) {
            int k = smallestScale(v);
            if (k > scale && Math.abs(last) <= MAX_INT / POW10_LONG[k - scale]) {
                writeBits((0b1110L << 3) | k, 7);
                last *= POW10_LONG[k - scale];
                scale = (byte) k;
                scaledValue = scaled(v, k);
            } else {
                writeBits(0b1111, 4);
                last = Double.doubleToRawLongBits(intValue(last, scale));
                scale = FLOAT_MODE;
                leading = XorAppender.NO_WINDOW;
                writeChangedFloat(v, bits);
                return;
            }
        }
        writeDifference(scaledValue - last);
        last = scaledValue;
    }

    private void writeDifference(long d) {
        long sign = d >>> 63;
        long magnitude = Math.abs(d);
        int zeros = Long.numberOfTrailingZeros(magnitude);
        int w = width;
        int s = shift;
        if (zeros >= s && (magnitude >>> s) >>> w == 0) {
            long m = magnitude >>> s;
            int needed = 64 - Long.numberOfLeadingZeros(m);
            if (!narrow(needed)) {
                // '0' + sign + m: at most 57 bits
                writeBits((sign << w) | m, w + 2);
                return;
            }
            w = narrowWidth;
        } else {
            narrowRun = 0;
            if (w == 0 || zeros < s) {
                s = zeros < MIN_SHIFT ? 0 : zeros;
            }
            w = 64 - Long.numberOfLeadingZeros(magnitude >>> s);
        }
        long m = magnitude >>> s;
        if (s == shift) {
            // '10' + width + sign + m: at most 64 bits (w <= 55)
            writeBits((0b10L << (w + 7)) | ((long) w << (w + 1)) | (sign << w) | m, w + 9);
        } else {
            writeBits((0b110L << 12) | ((long) s << 6) | w, 15);
            writeBits((sign << w) | m, w + 1);
        }
        shift = (byte) s;
        width = (byte) w;
    }

    /**
     * Tracks values that fit with {@link #NARROW_BITS} or more to spare; after {@link #NARROW_RUN}
     * in a row, returns true and leaves the narrower width (the widest of the run) in
     * {@link #narrowWidth}.
     */
    private boolean narrow(int needed) {
        if (needed > width - NARROW_BITS) {
            narrowRun = 0;
            return false;
        }
        int run = narrowRun;
        int widest = run == 0 ? needed : Math.max(narrowWidth, needed);
        if (run + 1 == NARROW_RUN) {
            narrowRun = 0;
            narrowWidth = (byte) widest;
            return true;
        }
        narrowRun = (byte) (run + 1);
        narrowWidth = (byte) widest;
        return false;
    }

    private void writeChangedFloat(double v, long bits) {
        int k = smallestScale(v);
        if (k >= 0) {
            writeBits(0b11, 2);
            enterIntMode(k, scaled(v, k));
            return;
        }
        long xor = bits ^ last;
        int lead = Math.min(Long.numberOfLeadingZeros(xor), 31);
        int trail = Long.numberOfTrailingZeros(xor);
        if (leading != XorAppender.NO_WINDOW && lead >= leading && trail >= trailing) {
            writeBit(false);
            writeBits(xor >>> trailing, 64 - leading - trailing);
        } else {
            int w = 64 - lead - trail;
            writeBits((0b10L << 11) | ((long) lead << 6) | (w & 63), 13);
            writeBits(xor >>> trail, w);
            leading = (byte) lead;
            trailing = (byte) trail;
        }
        last = bits;
    }

    /** Writes INT (scale, sign, width, |n|) and starts int mode with no window. */
    private void enterIntMode(int k, long n) {
        long magnitude = Math.abs(n);
        int w = 64 - Long.numberOfLeadingZeros(magnitude);
        // scale (3) + sign (1) + width (6) + |n|: at most 64 bits (w <= 54)
        writeBits(((long) k << (w + 7)) | ((n >>> 63) << (w + 6)) | ((long) w << w) | magnitude, w + 10);
        scale = (byte) k;
        last = n;
        shift = 0;
        width = 0;
        narrowRun = 0;
    }

    /** The value of {@code n} at scale {@code k}, as the decoder computes it. */
    static double intValue(long n, int k) {
        return k == 0 ? (double) n : (double) n / POW10[k];
    }

    /** The n with {@code v == n / 10^k} and {@code |n| <= 2^53}, or {@link #NOT_INT}. */
    static long scaled(double v, int k) {
        if (k == 0) {
            long n = (long) v;
            return n == v && Math.abs(n) <= MAX_INT && Double.doubleToRawLongBits(v) != NEGATIVE_ZERO_BITS ? n : NOT_INT;
        }
        double product = v * POW10[k];
        if (!(Math.abs(product) <= MAX_INT)) {
            return NOT_INT;
        }
        long n = (long) Math.rint(product);
        return Double.doubleToRawLongBits((double) n / POW10[k]) == Double.doubleToRawLongBits(v) ? n : NOT_INT;
    }

    /** The smallest scale at which {@code v} is int, or -1. */
    static int smallestScale(double v) {
        if (scaled(v, 0) != NOT_INT) {
            return 0;
        }
        if (Math.abs(v) < EXACT_SCALE_SEARCH_LIMIT) {
            // v * 10^6 rounds to the one integer that any decimal form of v scales to, so a
            // single test at scale 6 decides all scales; its trailing decimal zeros give the smallest.
            long n = scaled(v, MAX_SCALE);
            if (n == NOT_INT) {
                return -1;
            }
            int k = MAX_SCALE;
            while (k > 1 && n % 10 == 0) {
                n /= 10;
                k--;
            }
            // Holds by the argument above; checked anyway, as the stream must never claim a scale
            // the value does not have.
            return scaled(v, k) != NOT_INT ? k : MAX_SCALE;
        }
        for (int k = 1; k <= MAX_SCALE; k++) {
            if (scaled(v, k) != NOT_INT) {
                return k;
            }
        }
        return -1;
    }

    @Override
    long shallowRetainedBytes() {
        // 12 header + 4 bytes + 4 bitLength + 8 lastTime + 8 lastDelta + 1 numSamples + 8 last
        // + 7 bytes of mode and windows = 52, padded to 56.
        return 56;
    }
}
