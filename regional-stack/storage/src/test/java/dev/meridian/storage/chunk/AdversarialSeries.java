package dev.meridian.storage.chunk;

import dev.meridian.promql.storage.StaleMarker;
import java.util.Random;

/**
 * Random series meant to break the encoders: every timestamp shape (huge, negative, wrapping
 * steps, 1 ms steps, jitter, equal gaps with breaks) times every value shape (raw random bits,
 * special floats and NaN payloads, values near +-2^53, decimals of every scale, int and float
 * alternating, staleness markers, constants).
 */
final class AdversarialSeries {
    /** Special values, each of which must come back with the same bits. */
    static final double[] SPECIAL = {
        0.0, -0.0, 1.0, -1.0, Double.NaN, StaleMarker.VALUE, Double.longBitsToDouble(0x7ff8000000000001L),
        Double.longBitsToDouble(0xfff0000000000001L), Double.longBitsToDouble(0xffffffffffffffffL),
        Double.longBitsToDouble(0x7fffffffffffffffL), Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE,
        0x1p53, -0x1p53, 0x1p53 - 1, -(0x1p53 - 1), 0x1p53 + 2, -(0x1p53 + 2), 0x1p63, -0x1p63, 0x1p64,
        0.1, 0.2, 0.1 + 0.2, 1e-6, 1e-7, 123456.789, 9007199254.740991, 9007199254.740992, 4503599627.370496,
        1e15 + 0.5, Long.MAX_VALUE, Long.MIN_VALUE,
    };

    private AdversarialSeries() {}

    static Samples random(Random rnd) {
        int n = rnd.nextInt(8) == 0 ? ChunkAppender.MAX_SAMPLES : 1 + rnd.nextInt(ChunkAppender.MAX_SAMPLES);
        long[] t = timestamps(rnd, n);
        double[] v = new double[n];
        int style = rnd.nextInt(10);
        for (int i = 0; i < n; i++) {
            v[i] = value(rnd, style, i, i == 0 ? 0 : v[i - 1]);
        }
        return new Samples(t, v);
    }

    private static long[] timestamps(Random rnd, int n) {
        long[] t = new long[n];
        switch (rnd.nextInt(8)) {
            case 0 -> fill(t, 1_700_000_000_000L, i -> 15_000);
            case 1 -> {
                long start = 1_700_000_000_000L + rnd.nextInt(1_000_000);
                for (int i = 0; i < n; i++) {
                    t[i] = start + 15_000L * i + rnd.nextInt(7) - 3;
                }
            }
            case 2 -> fill(t, rnd.nextLong() >> 1, i -> 1 + rnd.nextInt(1 << rnd.nextInt(31)));
            case 3 -> fill(t, Long.MIN_VALUE + rnd.nextInt(3), i -> 1 + (rnd.nextLong() >>> (2 + rnd.nextInt(60))));
            case 4 -> {
                // Equal gaps with occasional breaks of every size, including 1 ms.
                long gap = 1 + rnd.nextInt(60_000);
                fill(t, -rnd.nextInt(1 << 30), i -> rnd.nextInt(10) == 0 ? 1 + (rnd.nextLong() >>> (20 + rnd.nextInt(44))) : gap);
            }
            case 5 -> fill(t, rnd.nextLong() >> 8, i -> 1);
            case 6 -> {
                // The widest steps there are: from Long.MIN_VALUE to near Long.MAX_VALUE, so the
                // difference and the following delta of delta wrap around.
                t[0] = Long.MIN_VALUE;
                for (int i = 1; i < n; i++) {
                    t[i] = Long.MAX_VALUE - (n - 1 - i);
                }
            }
            default -> {
                // Ends at Long.MAX_VALUE.
                t[n - 1] = Long.MAX_VALUE;
                for (int i = n - 2; i >= 0; i--) {
                    t[i] = t[i + 1] - 1 - rnd.nextInt(1 << rnd.nextInt(31));
                }
            }
        }
        return t;
    }

    private interface Gap {
        long next(int i);
    }

    private static void fill(long[] t, long start, Gap gap) {
        t[0] = start;
        for (int i = 1; i < t.length; i++) {
            // Leave room for the samples still to come.
            long room = (Long.MAX_VALUE - t[i - 1]) / (t.length - i + 1);
            t[i] = t[i - 1] + Math.max(1, Math.min(gap.next(i), room));
        }
    }

    private static double value(Random rnd, int style, int i, double previous) {
        return switch (style) {
            case 0 -> Double.longBitsToDouble(rnd.nextLong());
            case 1 -> SPECIAL[rnd.nextInt(SPECIAL.length)];
            case 2 -> nan(rnd);
            case 3 -> {
                // Near +-2^53, where int mode ends.
                double base = rnd.nextBoolean() ? 0x1p53 : -0x1p53;
                yield base + rnd.nextInt(9) - 4 + (rnd.nextInt(4) == 0 ? 0.5 : 0);
            }
            case 4 -> {
                // Decimals of every scale 0..8, small and large.
                int k = rnd.nextInt(9);
                long mantissa = rnd.nextLong() >> (10 + rnd.nextInt(54));
                yield mantissa / Math.pow(10, k);
            }
            case 5 -> (i % 2 == 0) ? (double) (rnd.nextInt(1000) - 500) : Double.longBitsToDouble(rnd.nextLong());
            case 6 -> rnd.nextInt(5) == 0 ? StaleMarker.VALUE : (double) (i * 1000L + rnd.nextInt(3));
            case 7 -> rnd.nextInt(4) == 0 ? previous : Math.round(previous * 100 + rnd.nextGaussian() * 1e6) / 100.0;
            case 8 -> rnd.nextInt(3) == 0 ? -0.0 : rnd.nextInt(3) == 0 ? 0.0 : rnd.nextInt(7) / 4.0;
            default -> 42.0;
        };
    }

    private static double nan(Random rnd) {
        long payload = rnd.nextLong() & 0x000FFFFFFFFFFFFFL;
        if (payload == 0) {
            payload = 1;
        }
        long sign = rnd.nextBoolean() ? 0x8000000000000000L : 0;
        return Double.longBitsToDouble(sign | 0x7FF0000000000000L | payload);
    }
}
