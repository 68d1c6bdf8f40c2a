package dev.meridian.gateway.transport;

import static java.util.Objects.requireNonNull;

/**
 * Decodes a Prometheus XOR chunk ({@code chunkenc.EncXOR}, remote.proto's {@code Chunk.Encoding
 * XOR}): the float-sample encoding of Gorilla (Pelkonen et al., "Gorilla: A Fast, Scalable,
 * In-Memory Time Series Database", VLDB 2015, section 4.1) with the timestamp buckets Prometheus
 * widened for millisecond timestamps.
 *
 * <h2>Format</h2>
 *
 * <p>Bits are numbered from the most significant bit of each byte; a field of n bits is read
 * most significant bit first and may straddle bytes.
 *
 * <pre>
 * bytes 0-1   sample count n, uint16 big-endian (0 for an empty chunk)
 * sample 0    t0 as a signed varint (zig-zag: (t &lt;&lt; 1) ^ (t &gt;&gt; 63), then 7 bits per byte,
 *             least significant group first, high bit set on every byte but the last;
 *             at most 10 bytes), then the 64 bits of v0 (IEEE 754, raw bits)
 * sample 1    d1 = t1 - t0 as an unsigned varint, then v1 as an XOR value (below)
 * sample i>=2 dod = (ti - t(i-1)) - (t(i-1) - t(i-2)) as
 *               '0'                      dod == 0
 *               '10'   + 14 bits         -8191 &lt;= dod &lt;= 8192
 *               '110'  + 17 bits         -65535 &lt;= dod &lt;= 65536
 *               '1110' + 20 bits         -524287 &lt;= dod &lt;= 524288
 *               '1111' + 64 bits         anything else
 *             (the n-bit field is dod's low n bits; a field f &gt; 2^(n-1) stands for f - 2^n),
 *             then vi as an XOR value
 * XOR value   x = bits(vi) ^ bits(v(i-1)):
 *               '0'                      x == 0 (same value)
 *               '10' + m bits            x's meaningful bits in the previous sample's window
 *                                        (same leading and trailing zero counts; m = 64 - l - t)
 *               '11' + 5 bits l + 6 bits m + m bits
 *                                        a new window: l leading zeros (the encoder caps it at
 *                                        31), m meaningful bits (0 stands for 64), so t = 64 - l - m
 * padding     zero bits up to the end of the last byte
 * </pre>
 *
 * <p>Values travel as raw bits, so every NaN payload (the staleness marker
 * {@code 0x7ff0000000000002} in particular) comes out exactly as it went in.
 */
public final class XorChunkDecoder {
    /** Receives decoded samples in chunk order. */
    @FunctionalInterface
    public interface SampleSink {
        void accept(long timestamp, double value);
    }

    private XorChunkDecoder() {}

    /** The number of samples the chunk's header announces. */
    public static int sampleCount(byte[] chunk) {
        requireNonNull(chunk, "chunk is null");
        if (chunk.length < 2) {
            throw new MalformedChunkException("XOR chunk too short for its 2-byte header (got: " + chunk.length + " bytes)");
        }
        return ((chunk[0] & 0xff) << 8) | (chunk[1] & 0xff);
    }

    /**
     * Hands every sample of {@code chunk} to {@code sink}, in order.
     *
     * @throws MalformedChunkException if the bytes end before the announced samples do, or a field
     *     is impossible; samples decoded before the problem have been handed over
     */
    public static void decode(byte[] chunk, SampleSink sink) {
        requireNonNull(sink, "sink is null");
        int count = sampleCount(chunk);
        Bits in = new Bits(chunk);
        long t = 0;
        long delta = 0;
        long valueBits = 0;
        int leading = 0;
        int trailing = 0;
        for (int i = 0; i < count; i++) {
            in.sample = i;
            in.count = count;
            if (i == 0) {
                t = zigZag(in.uvarint("timestamp"));
                valueBits = in.read(64, "value");
            } else {
                if (i == 1) {
                    delta = in.uvarint("timestamp delta");
                } else {
                    delta += in.deltaOfDelta();
                }
                t += delta;
                if (in.read(1, "value control bit") == 1) {
                    if (in.read(1, "value control bit") == 1) {
                        leading = (int) in.read(5, "leading zero count");
                        int meaningful = (int) in.read(6, "meaningful bit count");
                        if (meaningful == 0) {
                            meaningful = 64;
                        }
                        trailing = 64 - leading - meaningful;
                        if (trailing < 0) {
                            throw in.malformed(leading + " leading zeros plus " + meaningful + " meaningful bits exceed 64");
                        }
                    }
                    // '10' reuses the previous window; before any was set (which Prometheus'
                    // encoder never writes) that window is all 64 bits, as Prometheus reads it.
                    long meaningfulBits = in.read(64 - leading - trailing, "meaningful value bits");
                    valueBits ^= meaningfulBits << trailing;
                }
            }
            sink.accept(t, Double.longBitsToDouble(valueBits));
        }
    }

    /** Go's {@code binary.PutVarint} encoding: zig-zag, so small negative numbers stay short. */
    private static long zigZag(long encoded) {
        return (encoded >>> 1) ^ -(encoded & 1);
    }

    /** A reader of bit fields, most significant bit first, starting after the 2-byte header. */
    private static final class Bits {
        private final byte[] data;
        private long position = 16;
        int sample;
        int count;

        Bits(byte[] data) {
            this.data = data;
        }

        long read(int width, String field) {
            if (width == 0) {
                return 0;
            }
            long end = (long) data.length * 8;
            if (position + width > end) {
                throw malformed("truncated: the " + field + " needs " + width + " bits but only "
                        + (end - position) + " remain");
            }
            long result = 0;
            int remaining = width;
            while (remaining > 0) {
                int current = data[(int) (position >>> 3)] & 0xff;
                int available = 8 - (int) (position & 7);
                int take = Math.min(available, remaining);
                int bits = (current >>> (available - take)) & ((1 << take) - 1);
                result = (result << take) | bits;
                position += take;
                remaining -= take;
            }
            return result;
        }

        long uvarint(String field) {
            long result = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                long b = read(8, field);
                if (shift == 63 && b > 1) {
                    throw malformed("the " + field + " varint overflows 64 bits");
                }
                result |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw malformed("the " + field + " varint is longer than 10 bytes");
        }

        long deltaOfDelta() {
            int ones = 0;
            while (ones < 4 && read(1, "delta-of-delta prefix") == 1) {
                ones++;
            }
            int width = switch (ones) {
                case 0 -> 0;
                case 1 -> 14;
                case 2 -> 17;
                case 3 -> 20;
                default -> 64;
            };
            if (width == 0) {
                return 0;
            }
            long field = read(width, "delta of delta");
            if (width < 64 && field > (1L << (width - 1))) {
                field -= 1L << width;
            }
            return field;
        }

        MalformedChunkException malformed(String problem) {
            return new MalformedChunkException("XOR chunk sample " + sample + " of " + count + " at bit " + position
                    + " of " + (long) data.length * 8 + ": " + problem);
        }
    }
}
