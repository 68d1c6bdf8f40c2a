package dev.meridian.coordinator.remoteread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.promql.storage.StaleMarker;
import dev.meridian.proto.remote.Chunk;
import dev.meridian.storage.chunk.ChunkAppender;
import dev.meridian.storage.chunk.ChunkEncoding;
import dev.meridian.storage.chunk.Chunks;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class XorChunkEncoderTest {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    /**
     * Samples (1000, 1.0) (16000, 1.0) (31000, 2.0) (46005, 2.5), worked out by hand from
     * Prometheus' XOR chunk format:
     *
     * <pre>
     * 00 04                     4 samples, big-endian uint16
     * d0 0f                     t0 = 1000: zigzag 2000, varint
     * 3f f0 00 00 00 00 00 00   v0 = 1.0, 64 bits
     * 98 75                     t1 - t0 = 15000, uvarint
     * then bits:
     *   0                                   v1: XOR 0
     *   0                                   t2: delta of delta 0
     *   11 00001 001011 11111111111         v2: X = 0x7ff0000000000000, new window L=1, 11 bits
     *   10 00000000000101                   t3: delta of delta 5, 14-bit bucket
     *   11 01101 000001 1                   v3: X = 0x0004000000000000: 50 trailing zeros are fewer
     *                                       than the window's 52, so a new window L=13, 1 bit
     * = 0011 0000 | 1001 0111 | 1111 1111 | 1110 0000 | 0000 0001 | 0111 0110 | 1000 0011
     * = 30 97 ff e0 01 76 83    (56 bits, no padding)
     * </pre>
     */
    @Test
    void workedExampleHasPrometheusBytes() {
        long[] t = {1000, 16000, 31000, 46005};
        double[] v = {1.0, 1.0, 2.0, 2.5};

        Chunk chunk = XorChunkEncoder.encode(t, v, 0, 4);

        assertThat(HEX.formatHex(chunk.getData().toByteArray()))
                .isEqualTo("00 04 d0 0f 3f f0 00 00 00 00 00 00 98 75 30 97 ff e0 01 76 83");
        assertThat(chunk.getType()).isEqualTo(Chunk.Encoding.XOR);
        assertThat(chunk.getMinTimeMs()).isEqualTo(1000);
        assertThat(chunk.getMaxTimeMs()).isEqualTo(46005);
    }

    /**
     * One sample: count, t0, v0 — and, as Prometheus' bstream writes it, an empty byte after v0's
     * 64 bits, which were written a byte at a time from a byte boundary.
     */
    @Test
    void singleSampleEndsWithPrometheusEmptyByte() {
        assertThat(HEX.formatHex(XorChunkEncoder.encodeData(new long[] {-1}, new double[] {0.0}, 0, 1)))
                .isEqualTo("00 01 01 00 00 00 00 00 00 00 00 00");
        assertThat(HEX.formatHex(XorChunkEncoder.encodeData(new long[] {0}, new double[] {-0.0}, 0, 1)))
                .isEqualTo("00 01 00 80 00 00 00 00 00 00 00 00");
        // 64 = zigzag(32) needs one byte; -65 = zigzag 129 needs two (81 01).
        assertThat(XorChunkEncoder.zigzagVarint(32)).containsExactly(0x40);
        assertThat(XorChunkEncoder.zigzagVarint(-65)).containsExactly(0x81, 0x01);
        assertThat(XorChunkEncoder.zigzagVarint(Long.MIN_VALUE)).hasSize(10);
    }

    /**
     * (0, 1.0) (1, 3.0): after v0 and the delta byte 01, X = 0x7ff8000000000000: '11', L = 1
     * '00001', n = 12 '001100', then twelve 1s — 25 bits, ending with single-bit writes: no empty
     * byte. {@code 1100 0010 | 0110 0111 | 1111 1111 | 1000 0000}.
     */
    @Test
    void noEmptyByteAfterSingleBitWrites() {
        assertThat(HEX.formatHex(XorChunkEncoder.encodeData(new long[] {0, 1}, new double[] {1.0, 3.0}, 0, 2)))
                .isEqualTo("00 02 00 3f f0 00 00 00 00 00 00 01 c2 67 ff 80");
    }

    /**
     * (0, a) (1, b) (2, a) with a = 1.0 and b = a with bits 48-55 flipped, so X = 0x00ff000000000000
     * both times. Sample 1: '11', L = 8 '01000', n = 8 '001000', '11111111' (21 bits); sample 2: D = 0
     * '0', the same window '10', '11111111' (11 bits). The stream ends at bit 32 with a whole-byte
     * write, so Prometheus' bstream has appended an empty byte:
     * {@code 1101 0000 | 0100 0111 | 1111 1010 | 1111 1111 | 0000 0000}.
     */
    @Test
    void emptyByteAfterAWholeByteWriteEndingOnABoundary() {
        double a = 1.0;
        double b = Double.longBitsToDouble(Double.doubleToRawLongBits(1.0) ^ 0x00ff000000000000L);

        byte[] data = XorChunkEncoder.encodeData(new long[] {0, 1, 2}, new double[] {a, b, a}, 0, 3);

        assertThat(HEX.formatHex(data)).isEqualTo("00 03 00 3f f0 00 00 00 00 00 00 01 d0 47 fa ff 00");
        assertThat(PrometheusXorDecoder.decode(data)).extracting(PrometheusXorDecoder.Sample::value).containsExactly(a, b, a);
    }

    /**
     * The storage module's XOR stream (docs/format/chunk.md) is a Prometheus chunk without the
     * count, without t0 and without the empty byte: the two encodings agree bit for bit.
     */
    @Test
    void storageXorStreamIsThePrometheusChunkWithoutHeaderAndEmptyByte() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(120);
            long[] t = new long[n];
            double[] v = new double[n];
            long time = random.nextLong() >> 20;
            for (int i = 0; i < n; i++) {
                time += 1 + (random.nextBoolean() ? 15_000 : random.nextInt(2_000_000));
                t[i] = time;
                v[i] = switch (random.nextInt(4)) {
                    case 0 -> i > 0 ? v[i - 1] : 0;
                    case 1 -> Double.longBitsToDouble(random.nextLong());
                    case 2 -> random.nextInt(1000);
                    default -> Double.longBitsToDouble(Double.doubleToRawLongBits(1.0) ^ ((long) random.nextInt(256) << 48));
                };
            }
            ChunkAppender storage = Chunks.newAppender(ChunkEncoding.XOR);
            for (int i = 0; i < n; i++) {
                storage.append(t[i], v[i]);
            }
            byte[] stream = storage.snapshot().data();
            byte[] header = XorChunkEncoder.zigzagVarint(t[0]);

            byte[] prometheus = XorChunkEncoder.encodeData(t, v, 0, n);

            assertThat(prometheus.length - 2 - header.length - stream.length).isBetween(0, 1);
            assertThat(Arrays.copyOfRange(prometheus, 2 + header.length, 2 + header.length + stream.length)).isEqualTo(stream);
            if (prometheus.length > 2 + header.length + stream.length) {
                assertThat(prometheus[prometheus.length - 1]).isZero();
            }
        }
    }

    @Test
    void decodesWhatItEncodesForEveryBucketAndSpecialValue() {
        Random random = new Random(42);
        long[] t = new long[120];
        double[] v = new double[120];
        long time = -5_000_000;
        long step = 15_000;
        double[] specials = {Double.NaN, StaleMarker.VALUE, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.MIN_VALUE, Double.MAX_VALUE, Double.longBitsToDouble(0x7ff8000000000123L)};
        for (int i = 0; i < t.length; i++) {
            // Deltas of delta from every bucket: 0, 14, 17, 20 and 64 bits.
            long dod = switch (i % 6) {
                case 0 -> 0;
                case 1 -> random.nextInt(16_000) - 8_000;
                case 2 -> 8_192 + random.nextInt(50_000);
                case 3 -> -(65_536 + random.nextInt(400_000));
                case 4 -> 600_000 + random.nextInt(1_000_000);
                default -> 8_192; // The edge of the 14-bit bucket.
            };
            step = Math.max(1, step + dod);
            time += step;
            t[i] = time;
            v[i] = switch (i % 4) {
                case 0 -> specials[(i / 4) % specials.length];
                case 1 -> v[Math.max(0, i - 1)];
                case 2 -> random.nextDouble() * 1e6;
                default -> Math.round(random.nextGaussian() * 100) / 4.0;
            };
        }

        for (int from : new int[] {0, 1, 7}) {
            byte[] data = XorChunkEncoder.encodeData(t, v, from, t.length);
            List<PrometheusXorDecoder.Sample> decoded = PrometheusXorDecoder.decode(data);

            assertThat(decoded).hasSize(t.length - from);
            for (int i = from; i < t.length; i++) {
                assertThat(decoded.get(i - from))
                        .isEqualTo(new PrometheusXorDecoder.Sample(t[i], Double.doubleToRawLongBits(v[i])));
            }
        }
    }

    @Test
    void aChangeOfEverySignificantBitIsWrittenAs64() {
        // X = all 64 bits: leading 0, trailing 0, so 64 significant bits, written as 0 in 6 bits.
        long[] t = {10, 20};
        double[] v = {Double.longBitsToDouble(0x8000000000000001L), Double.longBitsToDouble(0x7ffffffffffffffeL)};

        List<PrometheusXorDecoder.Sample> decoded = PrometheusXorDecoder.decode(XorChunkEncoder.encodeData(t, v, 0, 2));

        assertThat(decoded).extracting(PrometheusXorDecoder.Sample::bits).containsExactly(0x8000000000000001L, 0x7ffffffffffffffeL);
    }

    @Test
    void refusesEmptyOverfullAndUnorderedChunks() {
        long[] t = new long[121];
        double[] v = new double[121];
        for (int i = 0; i < t.length; i++) {
            t[i] = i;
        }
        assertThat(PrometheusXorDecoder.decode(XorChunkEncoder.encodeData(t, v, 1, 121))).hasSize(120);
        assertThatThrownBy(() -> XorChunkEncoder.encodeData(t, v, 0, 121))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 120 samples (got: 121)");
        assertThatThrownBy(() -> XorChunkEncoder.encodeData(t, v, 3, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(got: 0)");
        assertThatThrownBy(() -> XorChunkEncoder.encodeData(new long[] {5, 5}, new double[2], 0, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
