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
 * does it), for some integer |n| <= 2^53 and k in 0..9; -0.0, NaN and infinities never are. The
 * chunk is in int mode at some scale k, holding n of the last value, or in float mode, holding the
 * last value's bits.
 *   - Int mode writes d = n - n(previous) as magnitude |d| = m << s and, in a signed window, a sign
 *     bit. The window (shift s, width w, signed) is state: a value whose m fits in w bits, whose
 *     |d| has at least s trailing zero bits and which is positive or the window signed, "fits" and
 *     costs w (+1) bits. Only when it does not fit is a new window sent. The shift removes the ten
 *     or twelve zero bits every difference of a kB * 1024 or page-size gauge has; unsigned windows
 *     save counters the sign bit (a window becomes signed at the first decrease and stays so). The
 *     encoder also narrows the width after a run of 8 values that would all fit in at least 3 bits
 *     fewer (encoder-side policy only).
 *   - The scale only grows within a chunk: a value needing more decimals rescales n(previous) by
 *     10^(k' - k) (an explicit code) and carries on, so 0.5, 0.25, 0.3 run at scale 2 throughout.
 *   - Any other value switches to float mode with an explicit code: Gorilla's XOR against the
 *     last value's bits, with its leading/trailing-zero window; an XOR inside the window "fits".
 *     A value that is int at some scale switches back, written whole. Staleness markers and NaN
 *     payloads therefore cost one switch each way and round-trip exactly.
 *
 * Expectation. Series tend to keep doing what they did: a constant keeps repeating, a counter
 * keeps moving by amounts that fit its window. So each sample is coded against an expectation, the
 * last sample's behaviour: "repeat" if its value repeated the one before, else "fit". Most samples
 * are then '0' (as expected) plus the fit's bits: 1 bit for a constant (Gorilla: 2), w + 2 for a
 * counter (Gorilla: 1 for the timestamp, 2 for the XOR control, and XOR bits that include carries).
 *
 * Timestamps are Gorilla's delta of delta D. Its buckets start with Gorilla's 7-bit one, because
 * scrape timestamps jitter by a few milliseconds and Prometheus' smallest bucket is 14 bits.
 *   sample 0    t as zigzag varint, then FIRST
 *   sample 1    t - t0 as unsigned varint, then VALUE (expecting "repeat")
 *   sample i    '0'    D == 0, as expected          (repeat: nothing more; fit: FIT)
 *               '10'   D != 0: DOD VALUE
 *               '110'  D == 0, the other of repeat and fit
 *               '111'  D == 0, CHANGED
 *   VALUE       '0' as expected | '10' the other | '11' CHANGED
 *   DOD         '0' 7 bits | '10' 14 bits | '110' 20 bits | '111' 64 bits   (two's complement;
 *               n bits hold -(2^(n-1) - 1) .. 2^(n-1))
 *   FIT         int mode: [sign, if the window is signed] + m in w bits
 *               float mode: X = bits XOR last bits, its window's bits
 *   FIRST       '0' INT | '1' 64 raw bits
 *   INT         scale k (4 bits) + sign (1) + width w (6) + |n| in w bits     (w = 0 for n = 0)
 *   CHANGED, int mode (a value that does not fit)
 *               '0'    signed (1) + w (6) + FIT                new width
 *               '10'   s (6) + signed (1) + w (6) + FIT        new shift and width
 *               '110'  k' (4), then CHANGED again              rescale to k' > k; no window
 *               '111'  CHANGED, float mode                     switch to float mode, no window
 *   CHANGED, float mode
 *               '0'    leading (5) + count (6) + bits          new XOR window, as XOR's '11'
 *               '1'    INT                                     switch to int mode, no window
 * </pre>
 *
 * Costs, regular scrapes: constant 1 bit per sample (XOR 2); counters w + 1 (XOR about w + 4..15),
 * two-decimal counters and gauges w + 1..2 (XOR 40-55). On values that are never int (random
 * floats) a reused XOR window costs 2 bits less than in XOR and a new one 1 bit more.
 */
final class TszAppender extends BitStreamAppender {
    /**
     * Largest scale: nine decimals, the nanosecond resolution of durations in seconds (Go's
     * {@code Duration.Seconds()} divides integer nanoseconds by 1e9, so {@code *_seconds} timings
     * are int at scale 9).
     */
    static final int MAX_SCALE = 9;
    /** {@link #scale} in float mode. */
    static final byte FLOAT_MODE = -1;
    /** Largest |n| of int mode: every long up to 2^53 is exactly a double. */
    static final long MAX_INT = 1L << 53;
    /** Exact powers of ten 10^0 .. 10^9, as doubles (for values) and longs (for rescaling n). */
    static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    static final long[] POW10_LONG = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L,
        1_000_000_000L};
    /** Result of {@link #scaled} for a value that is not int at that scale. */
    static final long NOT_INT = Long.MIN_VALUE;

    /** Below 2^50 / 10^9, v * 10^9 lands within 1/4 of the integer of any decimal form of v. */
    private static final double EXACT_SCALE_SEARCH_LIMIT = 0x1p50 / 1e9;
    private static final long NEGATIVE_ZERO_BITS = 0x8000000000000000L;
    /** Shifts below this are not worth a window: they are often chance zeros of random data. */
    private static final int MIN_SHIFT = 4;
    /** Narrow the width after this many values in a row fit in at least {@link #NARROW_BITS} fewer bits. */
    private static final int NARROW_RUN = 8;
    private static final int NARROW_BITS = 3;

    /** Int mode: n of the last value. Float mode: the last value's bits. */
    private long last;
    /** 0..9 in int mode, {@link #FLOAT_MODE} in float mode. */
    private byte scale;
    /** Whether the last value changed; the next sample is coded against it. */
    private boolean expectChange;
    /** Int mode window; width 0 means none. */
    private byte shift;
    private byte width;
    private boolean signed;
    /** Int mode: values in a row that fit in {@link #NARROW_BITS} fewer bits, and the widest of them. */
    private byte narrowRun;
    private byte narrowWidth;
    /** Float mode window, as in {@link XorAppender}. */
    private byte leading = XorAppender.NO_WINDOW;
    private byte trailing;

    TszAppender(int capacity) {
        super(capacity);
    }

    @Override
    public ChunkEncoding encoding() {
        return ChunkEncoding.TSZ;
    }

    @Override
    void encode(int index, long t, double v) {
        if (index == 0) {
            // The first timestamp is the chunk's minTime, which every container keeps beside it.
            writeFirst(v);
            return;
        }
        long delta = t - lastTime;
        long dod = delta - lastDelta;
        lastDelta = delta;
        long bits = Double.doubleToRawLongBits(v);
        long n = NOT_INT;
        boolean repeat;
        boolean fit;
        if (scale == FLOAT_MODE) {
            repeat = bits == last;
            fit = !repeat && fitsXorWindow(bits ^ last) && smallestScale(v) < 0;
        } else {
            n = scaled(v, scale);
            repeat = n == last;
            fit = !repeat && n != NOT_INT && fitsIntWindow(n - last) && !narrow(n - last);
        }
        boolean asExpected = repeat != expectChange;
        if (index == 1 || dod != 0) {
            if (index == 1) {
                writeUvarint(delta);
            } else {
                writeBits(0b10, 2);
                writeDeltaOfDelta(dod);
            }
            if (!repeat && !fit) {
                writeBits(0b11, 2);
                writeChanged(v, bits, n);
            } else if (asExpected) {
                writeBit(false);
            } else {
                writeBits(0b10, 2);
            }
        } else if (!repeat && !fit) {
            writeBits(0b111, 3);
            writeChanged(v, bits, n);
        } else if (asExpected) {
            writeBit(false);
        } else {
            writeBits(0b110, 3);
        }
        if (fit) {
            writeFit(bits, n);
        }
        expectChange = !repeat;
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

    private boolean fitsXorWindow(long xor) {
        return leading != XorAppender.NO_WINDOW
                && Long.numberOfLeadingZeros(xor) >= leading
                && Long.numberOfTrailingZeros(xor) >= trailing;
    }

    private boolean fitsIntWindow(long d) {
        long magnitude = Math.abs(d);
        return width > 0
                && (signed || d > 0)
                && Long.numberOfTrailingZeros(magnitude) >= shift
                && (magnitude >>> shift) >>> width == 0;
    }

    /**
     * For a difference that fits: counts values in a row that would fit in {@link #NARROW_BITS}
     * fewer bits; after {@link #NARROW_RUN} of them returns true, with the widest of the run in
     * {@link #narrowWidth}, and the value is written with that as its new width.
     */
    private boolean narrow(long d) {
        int needed = 64 - Long.numberOfLeadingZeros(Math.abs(d) >>> shift);
        if (needed > width - NARROW_BITS) {
            narrowRun = 0;
            return false;
        }
        int run = narrowRun;
        narrowWidth = (byte) (run == 0 ? needed : Math.max(narrowWidth, needed));
        if (run + 1 == NARROW_RUN) {
            narrowRun = 0;
            return true;
        }
        narrowRun = (byte) (run + 1);
        return false;
    }

    /** FIT: the value fits the current window. */
    private void writeFit(long bits, long n) {
        if (scale == FLOAT_MODE) {
            long xor = bits ^ last;
            writeBits(xor >>> trailing, 64 - leading - trailing);
            last = bits;
        } else {
            long d = n - last;
            long m = Math.abs(d) >>> shift;
            int w = width;
            if (signed) {
                writeBits(((d >>> 63) << w) | m, w + 1);
            } else {
                writeBits(m, w);
            }
            last = n;
        }
    }

    /** CHANGED. {@code n} is v at the current scale, or {@link #NOT_INT} (always in float mode). */
    private void writeChanged(double v, long bits, long n) {
        if (scale == FLOAT_MODE) {
            writeChangedFloat(v, bits);
            return;
        }
        long scaledValue = n;
        if (scaledValue == NOT_INT) {
            int k = smallestScale(v);
            if (k > scale && Math.abs(last) <= MAX_INT / POW10_LONG[k - scale]) {
                writeBits((0b110L << 4) | k, 7);
                last *= POW10_LONG[k - scale];
                scale = (byte) k;
                shift = 0;
                width = 0;
                signed = false;
                narrowRun = 0;
                scaledValue = scaled(v, k);
            } else {
                writeBits(0b111, 3);
                last = Double.doubleToRawLongBits(intValue(last, scale));
                scale = FLOAT_MODE;
                leading = XorAppender.NO_WINDOW;
                writeChangedFloat(v, bits);
                return;
            }
        }
        writeNewWindow(scaledValue - last);
        last = scaledValue;
    }

    /** A new int window for {@code d}, then d in it. */
    private void writeNewWindow(long d) {
        long magnitude = Math.abs(d);
        int s = shift;
        int w;
        boolean sign = signed;
        if (fitsIntWindow(d)) {
            // Only after narrow() said so: same shift and signedness, the run's width.
            w = narrowWidth;
        } else {
            narrowRun = 0;
            int zeros = Long.numberOfTrailingZeros(magnitude);
            if (width == 0 || zeros < s) {
                s = zeros < MIN_SHIFT ? 0 : zeros;
            }
            w = 64 - Long.numberOfLeadingZeros(magnitude >>> s);
            sign = signed || d < 0;
        }
        long header = ((sign ? 1L : 0L) << 6) | w;
        if (s == shift) {
            writeBits(header, 8); // '0' + signed + width
        } else {
            writeBits((0b10L << 13) | ((long) s << 7) | header, 15);
        }
        shift = (byte) s;
        width = (byte) w;
        signed = sign;
        long m = magnitude >>> s;
        if (sign) {
            writeBits(((d >>> 63) << w) | m, w + 1);
        } else {
            writeBits(m, w);
        }
    }

    private void writeChangedFloat(double v, long bits) {
        int k = smallestScale(v);
        if (k >= 0) {
            writeBit(true);
            enterIntMode(k, scaled(v, k));
            return;
        }
        long xor = bits ^ last;
        int lead = Math.min(Long.numberOfLeadingZeros(xor), 31);
        int trail = Long.numberOfTrailingZeros(xor);
        int w = 64 - lead - trail;
        writeBits(((long) lead << 6) | (w & 63), 12); // '0' + leading + count
        writeBits(xor >>> trail, w);
        leading = (byte) lead;
        trailing = (byte) trail;
        last = bits;
    }

    /** Writes INT (scale, sign, width, |n|) and starts int mode with no window. */
    private void enterIntMode(int k, long n) {
        long magnitude = Math.abs(n);
        int w = 64 - Long.numberOfLeadingZeros(magnitude);
        // scale (4) + sign (1) + width (6) + |n| (w <= 54): the scale first, the rest fits 61 bits
        writeBits(k, 4);
        writeBits(((n >>> 63) << (w + 6)) | ((long) w << w) | magnitude, w + 7);
        scale = (byte) k;
        last = n;
        shift = 0;
        width = 0;
        signed = false;
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
            // v * 10^9 rounds to the one integer that any decimal form of v scales to, so a
            // single test at scale 9 decides all scales; its trailing decimal zeros give the smallest.
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
        // 12 header + 4 bytes + 4 bitLength + 8 firstTime + 8 lastTime + 8 lastDelta + 1 numSamples
        // + 8 last + 9 bytes of mode, expectation and windows = 62, padded to 64.
        return 64;
    }
}
