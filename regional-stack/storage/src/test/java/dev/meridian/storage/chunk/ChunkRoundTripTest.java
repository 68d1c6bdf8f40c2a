package dev.meridian.storage.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.storage.StaleMarker;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Property tests: whatever goes into a chunk comes out unchanged, bit for bit. */
class ChunkRoundTripTest {
    private static final int RANDOM_SERIES = 5_000;

    @ParameterizedTest
    @EnumSource(ChunkEncoding.class)
    void randomAndAdversarialSeriesRoundTrip(ChunkEncoding encoding) {
        Random rnd = new Random(20261122L + encoding.id());
        for (int s = 0; s < RANDOM_SERIES; s++) {
            Samples samples = AdversarialSeries.random(rnd);
            assertRoundTrips(encoding, samples, "series " + s + ": " + samples);
        }
    }

    @ParameterizedTest
    @EnumSource(ChunkEncoding.class)
    void everySpecialValueFollowsEveryOther(ChunkEncoding encoding) {
        double[] special = AdversarialSeries.SPECIAL;
        for (double first : special) {
            double[] values = new double[special.length * 2 + 1];
            values[0] = first;
            for (int i = 0; i < special.length; i++) {
                values[2 * i + 1] = special[i];
                values[2 * i + 2] = first;
            }
            Samples samples = regular(values);
            assertRoundTrips(encoding, samples, "after " + first + ": " + samples);
        }
    }

    @ParameterizedTest
    @EnumSource(ChunkEncoding.class)
    void intAndFloatValuesAlternate(ChunkEncoding encoding) {
        double[] values = new double[ChunkAppender.MAX_SAMPLES];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (i % 6) {
                case 0 -> i;
                case 1 -> i + 0.1 + 0.2;
                case 2 -> i / 100.0;
                case 3 -> StaleMarker.VALUE;
                case 4 -> -i * 1e6 - 0.5;
                default -> Math.PI * i;
            };
        }
        assertRoundTrips(encoding, regular(values), "alternating");
    }

    @ParameterizedTest
    @EnumSource(ChunkEncoding.class)
    void scaleGrowsWithinAChunk(ChunkEncoding encoding) {
        double[] values = {1, 0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 3, 2.000001, 7, -0.000001, 1e9 + 0.5};
        assertRoundTrips(encoding, regular(values), "growing scale");
    }

    @ParameterizedTest
    @EnumSource(ChunkEncoding.class)
    void valuesNearTheEndsOfIntMode(ChunkEncoding encoding) {
        double limit = 0x1p53;
        double[] values = {limit, -limit, limit, limit - 1, -limit + 1, limit + 2, limit, 0, limit / 1e6, limit / 1e3 + 0.5,
            limit / 1e6 + 0.000001, -limit, limit};
        assertRoundTrips(encoding, regular(values), "near 2^53");
    }

    @ParameterizedTest
    @EnumSource(ChunkEncoding.class)
    void deltaOfDeltaAtEveryBucketEdge(ChunkEncoding encoding) {
        // Both encodings' buckets: 7 (TSZ), 14, 17 (XOR), 20 and 64 bits; n bits hold -(2^(n-1) - 1) .. 2^(n-1).
        long[] dods = {0, 1, -1};
        for (int bits : new int[] {7, 14, 17, 20}) {
            long half = 1L << (bits - 1);
            dods = append(dods, half, half + 1, -(half - 1), -half, half - 1);
        }
        for (long dod : dods) {
            long[] t = new long[6];
            long delta = 10_000_000;
            t[0] = 1_700_000_000_000L;
            t[1] = t[0] + delta;
            for (int i = 2; i < t.length; i++) {
                delta += i % 2 == 0 ? dod : -dod;
                t[i] = t[i - 1] + delta;
            }
            assertRoundTrips(encoding, new Samples(t, new double[] {1, 2, 2, 3, 3, 4}), "delta of delta " + dod);
        }
    }

    private static long[] append(long[] a, long... more) {
        long[] all = Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, all, a.length, more.length);
        return all;
    }

    @ParameterizedTest
    @EnumSource(ChunkEncoding.class)
    void snapshotsHoldThePrefixAppendedSoFar(ChunkEncoding encoding) {
        Random rnd = new Random(7);
        for (int s = 0; s < 50; s++) {
            Samples samples = AdversarialSeries.random(rnd);
            ChunkAppender appender = Chunks.newAppender(encoding);
            for (int i = 0; i < samples.size(); i++) {
                appender.append(samples.timestamps()[i], samples.values()[i]);
                Chunk chunk = appender.snapshot();
                samples.prefix(i + 1).assertIteratesTo(chunk.iterator(), "series " + s + " prefix " + (i + 1));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ChunkEncoding.class)
    void readsAChunkInsideALargerArray(ChunkEncoding encoding) {
        Random rnd = new Random(11);
        for (int s = 0; s < 200; s++) {
            Samples samples = AdversarialSeries.random(rnd);
            byte[] data = samples.encode(encoding).snapshot().data();
            byte[] file = new byte[data.length + 40];
            rnd.nextBytes(file);
            int offset = rnd.nextInt(20);
            System.arraycopy(data, 0, file, offset, data.length);
            samples.assertIteratesTo(Chunks.iterator(encoding, file, offset, data.length, samples.size(), samples.timestamps()[0]), "in place");
        }
    }

    static void assertRoundTrips(ChunkEncoding encoding, Samples samples, String description) {
        ChunkAppender appender = samples.encode(encoding);
        Chunk chunk = appender.snapshot();
        assertThat(chunk.encoding()).isEqualTo(encoding);
        assertThat(chunk.numSamples()).as(description).isEqualTo(samples.size());
        assertThat(chunk.minTime()).as(description).isEqualTo(samples.timestamps()[0]);
        assertThat(chunk.maxTime()).as(description).isEqualTo(samples.timestamps()[samples.size() - 1]);
        samples.assertIteratesTo(chunk.iterator(), description);
        if (samples.size() == ChunkAppender.MAX_SAMPLES) {
            long after = samples.timestamps()[samples.size() - 1];
            if (after != Long.MAX_VALUE) {
                assertThat(appender.append(after + 1, 1.0)).as("%s: append to a full chunk", description).isFalse();
                assertThat(appender.numSamples()).isEqualTo(ChunkAppender.MAX_SAMPLES);
                assertThat(appender.snapshot().data()).isEqualTo(chunk.data());
            }
        }
    }

    static Samples regular(double[] values) {
        long[] t = new long[values.length];
        Arrays.setAll(t, i -> 1_700_000_000_000L + 15_000L * i);
        return new Samples(t, values);
    }
}
