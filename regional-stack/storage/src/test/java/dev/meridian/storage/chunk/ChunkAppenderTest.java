package dev.meridian.storage.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChunkAppenderTest {
    private static final long T0 = 1_700_000_000_000L;

    @ParameterizedTest
    @EnumSource(ChunkEncoding.class)
    void rejectsTimestampsThatDoNotIncreaseAndKeepsItsState(ChunkEncoding encoding) {
        ChunkAppender appender = Chunks.newAppender(encoding);
        appender.append(T0, 1);
        appender.append(T0 + 15_000, 2);
        byte[] before = appender.snapshot().data();

        assertThatThrownBy(() -> appender.append(T0 + 15_000, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timestamp must be after the last one 1700000015000 (got: 1700000015000)");
        assertThatThrownBy(() -> appender.append(T0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> appender.append(Long.MIN_VALUE, 3)).isInstanceOf(IllegalArgumentException.class);

        assertThat(appender.numSamples()).isEqualTo(2);
        assertThat(appender.maxTime()).isEqualTo(T0 + 15_000);
        assertThat(appender.snapshot().data()).isEqualTo(before);
        assertThat(appender.append(T0 + 30_000, 3)).isTrue();
        new Samples(new long[] {T0, T0 + 15_000, T0 + 30_000}, new double[] {1, 2, 3})
                .assertIteratesTo(appender.snapshot().iterator(), encoding + " after rejections");
    }

    @ParameterizedTest
    @EnumSource(ChunkEncoding.class)
    void refusesTheSampleAfterTheLastOneItHolds(ChunkEncoding encoding) {
        ChunkAppender appender = Chunks.newAppender(encoding);
        for (int i = 0; i < ChunkAppender.MAX_SAMPLES; i++) {
            assertThat(appender.append(T0 + i * 15_000L, i)).isTrue();
        }
        long last = T0 + (ChunkAppender.MAX_SAMPLES - 1) * 15_000L;
        assertThat(appender.append(last + 15_000, 0)).isFalse();
        assertThat(appender.numSamples()).isEqualTo(ChunkAppender.MAX_SAMPLES);
        assertThat(appender.maxTime()).isEqualTo(last);
        // An out-of-order sample is reported as such even when the chunk is full.
        assertThatThrownBy(() -> appender.append(last, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(ChunkEncoding.class)
    void anEmptyAppenderHasNoTimeRangeAndNoSnapshot(ChunkEncoding encoding) {
        ChunkAppender appender = Chunks.newAppender(encoding);
        assertThat(appender.encoding()).isEqualTo(encoding);
        assertThat(appender.numSamples()).isZero();
        assertThatThrownBy(appender::minTime).isInstanceOf(IllegalStateException.class).hasMessage("no samples appended");
        assertThatThrownBy(appender::maxTime).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(appender::snapshot).isInstanceOf(IllegalStateException.class);
        assertThat(appender.retainedBytes()).isBetween(16L + 16 + 40, 16L + 16 + 64);
    }

    @ParameterizedTest
    @EnumSource(ChunkEncoding.class)
    void tracksItsTimeRangeIncludingNegativeAndExtremeTimestamps(ChunkEncoding encoding) {
        long[] firsts = {Long.MIN_VALUE, -1, 0, T0, Long.MAX_VALUE - 1};
        for (long first : firsts) {
            ChunkAppender appender = Chunks.newAppender(encoding);
            appender.append(first, 1);
            assertThat(appender.minTime()).isEqualTo(first);
            assertThat(appender.maxTime()).isEqualTo(first);
            appender.append(first + 1, 1);
            assertThat(appender.minTime()).isEqualTo(first);
            assertThat(appender.maxTime()).isEqualTo(first + 1);
            Chunk chunk = appender.snapshot();
            assertThat(chunk.minTime()).isEqualTo(first);
            assertThat(chunk.maxTime()).isEqualTo(first + 1);
        }
    }

    @ParameterizedTest
    @EnumSource(ChunkEncoding.class)
    void snapshotsAreTrimmedCopiesUnaffectedByLaterAppends(ChunkEncoding encoding) {
        ChunkAppender appender = Chunks.newAppender(encoding);
        appender.append(T0, 0.5);
        appender.append(T0 + 15_000, 0.75);
        Chunk first = appender.snapshot();
        byte[] copy = first.data().clone();
        for (int i = 2; i < 60; i++) {
            appender.append(T0 + i * 15_000L, i * 1.25);
        }
        assertThat(first.data()).isEqualTo(copy);
        assertThat(first.numSamples()).isEqualTo(2);
        new Samples(new long[] {T0, T0 + 15_000}, new double[] {0.5, 0.75}).assertIteratesTo(first.iterator(), "first snapshot");

        Chunk second = appender.snapshot();
        assertThat(second.data()).isNotSameAs(appender.snapshot().data());
        // Trimmed: the last byte holds at least one bit of the stream.
        BitStreamAppender stream = (BitStreamAppender) appender;
        assertThat(second.data()).hasSize((stream.bitLength() + 7) / 8);
    }

    @ParameterizedTest
    @EnumSource(ChunkEncoding.class)
    void retainedBytesCoverTheObjectAndItsBuffer(ChunkEncoding encoding) {
        Random rnd = new Random(5);
        for (NodeExporterSeries kind : NodeExporterSeries.values()) {
            Samples samples = new Samples(NodeExporterSeries.regularTimestamps(rnd, 120), kind.values(rnd, 120));
            ChunkAppender appender = Chunks.newAppender(encoding);
            long previous = appender.retainedBytes();
            for (int i = 0; i < samples.size(); i++) {
                appender.append(samples.timestamps()[i], samples.values()[i]);
                long retained = appender.retainedBytes();
                int dataBytes = appender.snapshot().data().length;
                // At least the object header, the array header and the data.
                assertThat(retained).as("%s %s after %d samples", encoding, kind, i + 1)
                        .isGreaterThanOrEqualTo(12 + 16 + dataBytes)
                        // and the array grows by a quarter at most beyond what is written.
                        .isLessThanOrEqualTo(64 + 16 + 8 + dataBytes * 5L / 4 + 8);
                assertThat(retained).isGreaterThanOrEqualTo(previous);
                previous = retained;
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ChunkEncoding.class)
    void aSizeHintPresizesTheBufferButNeverChangesTheEncoding(ChunkEncoding encoding) {
        Random rnd = new Random(6);
        for (NodeExporterSeries kind : NodeExporterSeries.values()) {
            Samples samples = new Samples(NodeExporterSeries.regularTimestamps(rnd, 120), kind.values(rnd, 120));
            ChunkAppender plain = Chunks.newAppender(encoding);
            for (int i = 0; i < samples.size(); i++) {
                plain.append(samples.timestamps()[i], samples.values()[i]);
            }
            int size = plain.encodedBytes();
            assertThat(size).isEqualTo(plain.snapshot().data().length);
            for (int hint : new int[] {-5, 0, 1, size / 2, size, size * 3}) {
                ChunkAppender hinted = Chunks.newAppender(encoding, hint);
                long before = hinted.retainedBytes();
                for (int i = 0; i < samples.size(); i++) {
                    hinted.append(samples.timestamps()[i], samples.values()[i]);
                }
                assertThat(hinted.snapshot().data()).as("%s %s with hint %d", encoding, kind, hint)
                        .isEqualTo(plain.snapshot().data());
                if (hint >= size) {
                    assertThat(hinted.retainedBytes()).as("a hint as large as the chunk means no growth").isEqualTo(before);
                }
            }
        }
    }

    @Test
    void constantSeriesStayWellUnderTwoHundredBytesPerOpenChunk() {
        ChunkAppender appender = Chunks.newAppender(ChunkEncoding.TSZ);
        for (int i = 0; i < ChunkAppender.MAX_SAMPLES; i++) {
            appender.append(T0 + i * 15_000L, 17_179_869_184.0);
        }
        assertThat(appender.retainedBytes()).isLessThan(120);
    }

    @Test
    void durationsWithNanosecondResolutionAreIntAtScaleNine() {
        // What Go's Duration.Seconds() reports: integer nanoseconds / 1e9.
        Random random = new Random(9);
        long[] times = new long[ChunkAppender.MAX_SAMPLES];
        double[] durations = new double[times.length];
        double[] tenDecimals = new double[times.length];
        for (int i = 0; i < times.length; i++) {
            times[i] = T0 + i * 15_000L;
            durations[i] = (100_000 + random.nextInt(10_000_000)) / 1e9;
            tenDecimals[i] = (1 + random.nextInt(1_000_000)) / 1e10;
        }
        Samples nanos = new Samples(times, durations);
        Chunk tsz = nanos.encode(ChunkEncoding.TSZ).snapshot();
        Chunk xor = nanos.encode(ChunkEncoding.XOR).snapshot();
        nanos.assertIteratesTo(tsz.iterator(), "durations");
        assertThat(tsz.data().length).as("TSZ vs XOR bytes").isLessThan(xor.data().length * 6 / 10);
        // Ten decimals are past the largest scale: floats, still exact.
        Samples beyond = new Samples(times, tenDecimals);
        beyond.assertIteratesTo(beyond.encode(ChunkEncoding.TSZ).snapshot().iterator(), "ten decimals");
    }

    @Test
    void checksItsArguments() {
        assertThatThrownBy(() -> Chunks.newAppender(null)).isInstanceOf(NullPointerException.class).hasMessage("encoding is null");
        assertThatThrownBy(() -> Chunks.iterator(null, new byte[0], 0, 0, 0, 0)).isInstanceOf(NullPointerException.class)
                .hasMessage("encoding is null");
        for (ChunkEncoding encoding : ChunkEncoding.values()) {
            assertThatThrownBy(() -> Chunks.iterator(encoding, new byte[4], 0, 4, -1, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("numSamples must be >= 0 (got: -1)");
            assertThatThrownBy(() -> Chunks.iterator(encoding, new byte[4], 2, 3, 1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> Chunks.iterator(encoding, null, 0, 0, 0, 0)).isInstanceOf(NullPointerException.class)
                    .hasMessage("data is null");
        }
    }

    @ParameterizedTest
    @EnumSource(ChunkEncoding.class)
    void truncatedDataIsReportedAsCorruption(ChunkEncoding encoding) {
        ChunkAppender appender = Chunks.newAppender(encoding);
        for (int i = 0; i < 50; i++) {
            appender.append(T0 + i * 15_000L + (i % 3), Math.sqrt(i));
        }
        byte[] data = appender.snapshot().data();
        byte[] cut = Arrays.copyOf(data, data.length / 2);
        var iterator = Chunks.iterator(encoding, cut, 0, cut.length, 50, T0);
        assertThatThrownBy(() -> {
            while (iterator.next()) {
                iterator.value();
            }
        }).isInstanceOf(StorageException.class)
                .extracting(e -> ((StorageException) e).code()).isEqualTo(StorageErrorCode.CORRUPTION);
    }
}
