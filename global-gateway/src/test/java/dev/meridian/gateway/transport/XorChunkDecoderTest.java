package dev.meridian.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chunks spelled out bit by bit from the format in {@link XorChunkDecoder}'s Javadoc. */
class XorChunkDecoderTest {
    private static final long STALE_NAN = 0x7ff0000000000002L;
    private static final long T0 = 1_700_000_000_000L;

    record Sample(long timestamp, long valueBits) {
        static Sample of(long timestamp, double value) {
            return new Sample(timestamp, Double.doubleToRawLongBits(value));
        }
    }

    private static List<Sample> decode(byte[] chunk) {
        List<Sample> samples = new ArrayList<>();
        XorChunkDecoder.decode(chunk, (t, v) -> samples.add(new Sample(t, Double.doubleToRawLongBits(v))));
        return samples;
    }

    @Test
    void emptyChunkHasNoSamples() {
        assertThat(decode(new byte[] {0, 0})).isEmpty();
        assertThat(XorChunkDecoder.sampleCount(new byte[] {0, 0})).isZero();
    }

    @Test
    void singleSampleIsAVarintTimestampAndRawValueBits() {
        byte[] chunk = new TestBitWriter().varint(T0).bits(Double.doubleToRawLongBits(1.5), 64).chunk(1);

        assertThat(decode(chunk)).containsExactly(Sample.of(T0, 1.5));
    }

    @Test
    void firstTimestampIsZigZagSoNegativeTimesDecode() {
        // zig-zag(-5) = 9: a single varint byte 0x09.
        byte[] chunk = new TestBitWriter().bits(0x09, 8).bits(Double.doubleToRawLongBits(-2.0), 64).chunk(1);

        assertThat(decode(chunk)).containsExactly(Sample.of(-5, -2.0));
    }

    @Test
    void sampleCountIsTwoBytesBigEndian() {
        byte[] chunk = new byte[] {0x01, 0x02};
        assertThat(XorChunkDecoder.sampleCount(chunk)).isEqualTo(258);
    }

    @Test
    void equalValuesAreOneZeroBitEach() {
        byte[] chunk = new TestBitWriter()
                .varint(T0).bits(Double.doubleToRawLongBits(7.0), 64)
                .uvarint(15_000).bits("0")
                .bits("0").bits("0")           // dod 0, same value
                .bits("0").bits("0")
                .chunk(4);

        assertThat(decode(chunk)).containsExactly(
                Sample.of(T0, 7.0), Sample.of(T0 + 15_000, 7.0), Sample.of(T0 + 30_000, 7.0), Sample.of(T0 + 45_000, 7.0));
    }

    @Test
    void deltaOfDeltaBucketsAtTheirBoundaries() {
        long[] dods = {8192, -8191, 8193, -65535, 65536, 65537, -524287, 524288, 524289, -1_000_000, -(1L << 40)};
        TestBitWriter out = new TestBitWriter().varint(T0).bits(0, 64).uvarint(10).bits("0");
        List<Sample> expected = new ArrayList<>();
        expected.add(new Sample(T0, 0));
        expected.add(new Sample(T0 + 10, 0));
        long t = T0 + 10;
        long delta = 10;
        for (long dod : dods) {
            if (dod >= -8191 && dod <= 8192) {
                out.bits("10").bits(dod, 14);
            } else if (dod >= -65535 && dod <= 65536) {
                out.bits("110").bits(dod, 17);
            } else if (dod >= -524287 && dod <= 524288) {
                out.bits("1110").bits(dod, 20);
            } else {
                out.bits("1111").bits(dod, 64);
            }
            out.bits("0"); // same value
            delta += dod;
            t += delta;
            expected.add(new Sample(t, 0));
        }

        assertThat(decode(out.chunk(expected.size()))).containsExactlyElementsOf(expected);
    }

    @Test
    void fourteenBitFieldsAboveHalfTheRangeAreNegative() {
        // 8192 stays positive; 8193 (0b10000000000001) stands for 8193 - 16384 = -8191.
        byte[] chunk = new TestBitWriter()
                .varint(0).bits(0, 64)
                .uvarint(10_000).bits("0")
                .bits("10").bits(8193, 14).bits("0")
                .chunk(3);

        assertThat(decode(chunk)).extracting(Sample::timestamp).containsExactly(0L, 10_000L, 10_000L + 1809);
    }

    @Test
    void xorValueWithNewWindowThenReusedWindow() {
        long a = Double.doubleToRawLongBits(12.0);
        long b = Double.doubleToRawLongBits(24.0);
        long c = Double.doubleToRawLongBits(12.0);
        long x1 = a ^ b;
        int lead = Long.numberOfLeadingZeros(x1);
        int trail = Long.numberOfTrailingZeros(x1);
        int meaningful = 64 - lead - trail;
        long x2 = b ^ c; // the same bits flip back: fits the window
        byte[] chunk = new TestBitWriter()
                .varint(T0).bits(a, 64)
                .uvarint(1000).bits("11").bits(lead, 5).bits(meaningful, 6).bits(x1 >>> trail, meaningful)
                .bits("0").bits("10").bits(x2 >>> trail, meaningful)
                .chunk(3);

        assertThat(decode(chunk)).containsExactly(
                Sample.of(T0, 12.0), Sample.of(T0 + 1000, 24.0), Sample.of(T0 + 2000, 12.0));
    }

    @Test
    void leadingZerosAreCappedAt31AndSixtyFourMeaningfulBitsAreWrittenAsZero() {
        long v0 = 0L;
        long v1 = 0x0000_0000_00ff_0000L;   // 40 leading zeros, written as 31
        long v2 = 0x8000_0000_0000_0001L ^ v1; // XOR with v1 has bits 63 and 0: 64 meaningful bits
        long x1 = v0 ^ v1;
        int trail1 = Long.numberOfTrailingZeros(x1);
        int meaningful1 = 64 - 31 - trail1;
        byte[] chunk = new TestBitWriter()
                .varint(T0).bits(v0, 64)
                .uvarint(1).bits("11").bits(31, 5).bits(meaningful1, 6).bits(x1 >>> trail1, meaningful1)
                .bits("0").bits("11").bits(0, 5).bits(0, 6).bits(v1 ^ v2, 64)
                .chunk(3);

        assertThat(decode(chunk)).containsExactly(new Sample(T0, v0), new Sample(T0 + 1, v1), new Sample(T0 + 2, v2));
    }

    @Test
    void nanPayloadsIncludingTheStalenessMarkerSurviveExactly() {
        long quietNan = 0x7ff8000000000001L;
        long negativeNan = 0xfff8000000000000L;
        byte[] chunk = SimpleXorChunks.encode(
                new long[] {T0, T0 + 1, T0 + 2, T0 + 3},
                new double[] {Double.longBitsToDouble(STALE_NAN), Double.longBitsToDouble(quietNan),
                    Double.longBitsToDouble(STALE_NAN), Double.longBitsToDouble(negativeNan)});

        assertThat(decode(chunk)).containsExactly(
                new Sample(T0, STALE_NAN), new Sample(T0 + 1, quietNan), new Sample(T0 + 2, STALE_NAN),
                new Sample(T0 + 3, negativeNan));
    }

    @Test
    void largeTimestampDeltasUseTheSixtyFourBitBucket() {
        long[] timestamps = {0, 1, Long.MAX_VALUE / 2, Long.MAX_VALUE / 2 + 1};
        byte[] chunk = SimpleXorChunks.encode(timestamps, new double[] {1, 2, 3, 4});

        assertThat(decode(chunk)).extracting(Sample::timestamp).containsExactly(0L, 1L, Long.MAX_VALUE / 2, Long.MAX_VALUE / 2 + 1);
    }

    @Test
    void truncatedChunkNamesTheSampleAndField() {
        byte[] full = SimpleXorChunks.encode(new long[] {T0, T0 + 5, T0 + 10}, new double[] {1, 2, 3});
        byte[] truncated = java.util.Arrays.copyOf(full, full.length - 4);
        List<Sample> decoded = new ArrayList<>();

        assertThatThrownBy(() -> XorChunkDecoder.decode(truncated,
                (t, v) -> decoded.add(new Sample(t, Double.doubleToRawLongBits(v)))))
                .isInstanceOf(MalformedChunkException.class)
                .hasMessageContaining("sample 2 of 3")
                .hasMessageContaining("truncated");
        assertThat(decoded).hasSize(2);
    }

    @Test
    void headerAnnouncingMoreSamplesThanTheBytesHoldIsMalformed() {
        byte[] chunk = new TestBitWriter().varint(T0).bits(0, 64).chunk(2);

        assertThatThrownBy(() -> decode(chunk))
                .isInstanceOf(MalformedChunkException.class)
                .hasMessageContaining("sample 1 of 2");
    }

    @Test
    void chunkShorterThanItsHeaderIsMalformed() {
        assertThatThrownBy(() -> decode(new byte[] {1}))
                .isInstanceOf(MalformedChunkException.class)
                .hasMessageContaining("got: 1 bytes");
    }

    @Test
    void varintLongerThanTenBytesIsMalformed() {
        TestBitWriter out = new TestBitWriter();
        for (int i = 0; i < 11; i++) {
            out.bits(0x80, 8);
        }
        assertThatThrownBy(() -> decode(out.chunk(1)))
                .isInstanceOf(MalformedChunkException.class)
                .hasMessageContaining("varint");
    }

    @Test
    void windowWiderThanSixtyFourBitsIsMalformed() {
        byte[] chunk = new TestBitWriter()
                .varint(T0).bits(0, 64)
                .uvarint(1).bits("11").bits(31, 5).bits(40, 6)
                .chunk(2);

        assertThatThrownBy(() -> decode(chunk))
                .isInstanceOf(MalformedChunkException.class)
                .hasMessageContaining("31 leading zeros plus 40 meaningful bits");
    }
}
