package dev.meridian.storage.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.storage.ArraySampleIterator;
import dev.meridian.promql.storage.SampleIterator;
import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Seek semantics of both encodings' iterators, against the contract of {@link SampleIterator}. */
class ChunkIteratorTest {
    private static final long[] TIMES = {1000, 2000, 3000, 4000, 5000};
    private static final double[] VALUES = {1, 2, 3, 4, 5};

    private static SampleIterator iterator(ChunkEncoding encoding) {
        return new Samples(TIMES, VALUES).encode(encoding).snapshot().iterator();
    }

    @ParameterizedTest
    @EnumSource(ChunkEncoding.class)
    void seekBeforeTheFirstSampleLandsOnIt(ChunkEncoding encoding) {
        SampleIterator it = iterator(encoding);
        assertThat(it.seek(Long.MIN_VALUE)).isTrue();
        assertThat(it.timestamp()).isEqualTo(1000);
        assertThat(it.value()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(ChunkEncoding.class)
    void seekLandsOnAnExactTimestampOrTheNextOne(ChunkEncoding encoding) {
        SampleIterator it = iterator(encoding);
        assertThat(it.seek(3000)).isTrue();
        assertThat(it.timestamp()).isEqualTo(3000);
        assertThat(it.value()).isEqualTo(3);
        assertThat(it.seek(3001)).isTrue();
        assertThat(it.timestamp()).isEqualTo(4000);
        assertThat(it.next()).isTrue();
        assertThat(it.timestamp()).isEqualTo(5000);
    }

    @ParameterizedTest
    @EnumSource(ChunkEncoding.class)
    void seekNeverMovesBackwardsAndStaysWhereItSatisfies(ChunkEncoding encoding) {
        SampleIterator it = iterator(encoding);
        it.next();
        it.next();
        assertThat(it.seek(1000)).isTrue();
        assertThat(it.timestamp()).isEqualTo(2000);
        assertThat(it.seek(2000)).isTrue();
        assertThat(it.timestamp()).isEqualTo(2000);
        assertThat(it.value()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(ChunkEncoding.class)
    void seekPastTheLastSampleExhaustsTheIterator(ChunkEncoding encoding) {
        SampleIterator it = iterator(encoding);
        assertThat(it.seek(5001)).isFalse();
        assertThat(it.seek(0)).isFalse();
        assertThat(it.next()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ChunkEncoding.class)
    void anEmptyStreamHasNoSamples(ChunkEncoding encoding) {
        SampleIterator it = Chunks.iterator(encoding, new byte[0], 0, 0, 0, 0);
        assertThat(it.seek(0)).isFalse();
        assertThat(it.next()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ChunkEncoding.class)
    void randomNextAndSeekCallsMatchAnArrayIterator(ChunkEncoding encoding) {
        Random rnd = new Random(17);
        for (int s = 0; s < 1_000; s++) {
            Samples samples = AdversarialSeries.random(rnd);
            SampleIterator actual = samples.encode(encoding).snapshot().iterator();
            SampleIterator expected = new ArraySampleIterator(samples.timestamps(), samples.values());
            long[] t = samples.timestamps();
            for (int step = 0; step < 40; step++) {
                boolean seek = rnd.nextBoolean();
                long target = switch (rnd.nextInt(4)) {
                    case 0 -> t[rnd.nextInt(t.length)];
                    case 1 -> t[rnd.nextInt(t.length)] + (rnd.nextBoolean() ? 1 : -1);
                    case 2 -> rnd.nextLong();
                    default -> t[t.length - 1] == Long.MAX_VALUE ? Long.MAX_VALUE : t[t.length - 1] + 1;
                };
                boolean want = seek ? expected.seek(target) : expected.next();
                boolean got = seek ? actual.seek(target) : actual.next();
                String what = "series " + s + " step " + step + (seek ? " seek " + target : " next");
                assertThat(got).as(what).isEqualTo(want);
                if (!want) {
                    break;
                }
                assertThat(actual.timestamp()).as(what).isEqualTo(expected.timestamp());
                assertThat(Double.doubleToRawLongBits(actual.value())).as(what)
                        .isEqualTo(Double.doubleToRawLongBits(expected.value()));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ChunkEncoding.class)
    void garbageDecodesToSamplesOrReportsCorruptionNeverAnotherFailure(ChunkEncoding encoding) {
        Random rnd = new Random(23);
        int corrupt = 0;
        for (int s = 0; s < 20_000; s++) {
            byte[] data = new byte[rnd.nextInt(64)];
            rnd.nextBytes(data);
            if (s % 2 == 0) {
                // Damage a real chunk instead: flip a few bits.
                data = AdversarialSeries.random(rnd).encode(encoding).snapshot().data();
                for (int flips = 1 + rnd.nextInt(3); flips > 0; flips--) {
                    data[rnd.nextInt(data.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            SampleIterator it = Chunks.iterator(encoding, data, 0, data.length, 1 + rnd.nextInt(ChunkAppender.MAX_SAMPLES), rnd.nextLong());
            try {
                while (it.next()) {
                    it.value();
                }
            } catch (StorageException e) {
                assertThat(e.code()).isEqualTo(StorageErrorCode.CORRUPTION);
                corrupt++;
            }
        }
        assertThat(corrupt).as("inputs reported as corrupt").isPositive();
    }
}
