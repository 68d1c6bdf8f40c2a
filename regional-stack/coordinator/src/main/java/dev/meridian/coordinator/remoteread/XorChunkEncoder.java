package dev.meridian.coordinator.remoteread;

import com.google.protobuf.ByteString;
import dev.meridian.proto.remote.Chunk;
import java.util.Arrays;

/**
 * Encodes samples as Prometheus XOR chunks, byte for byte as Prometheus 2.42's {@code
 * tsdb/chunkenc} ({@code XORChunk}, {@code xorAppender}, {@code bstream}) writes them: the chunk
 * format of STREAMED_XOR_CHUNKS answers. Gorilla's compression (Pelkonen et al., "Gorilla: A Fast,
 * Scalable, In-Memory Time Series Database", VLDB 2015, section 4.1) with Prometheus' millisecond
 * buckets:
 *
 * <pre>
 * bytes 0-1   number of samples, big-endian uint16
 * sample 0    t0 as a zigzag varint (Go's binary.PutVarint), then v0 as 64 raw bits
 * sample 1    t1 - t0 as a uvarint, then VALUE
 * sample i    TIME, then VALUE
 *
 * TIME   D = (t_i - t_i-1) - (t_i-1 - t_i-2), the delta of delta (two's complement, wrapping)
 *        '0' D == 0 | '10' + 14 bits | '110' + 17 bits | '1110' + 20 bits | '1111' + 64 bits
 *        (n bits hold -(2^(n-1) - 1) .. 2^(n-1))
 * VALUE  X = bits(v) XOR bits(v_prev)
 *        '0'                       X == 0
 *        '10' + X's window bits    X has at least the window's leading and trailing zeros
 *        '11' + L (5 bits, leading zeros, at most 31) + n (6 bits, 64 written as 0)
 *             + the n bits of X above its trailing zeros; this becomes the window
 * </pre>
 *
 * Bits are written most significant first. Varints are written a byte at a time through the bit
 * stream, so only t0's is byte-aligned. The last byte is padded with 0 bits, and Prometheus'
 * {@code bstream.writeByte} adds a quirk this class reproduces: writing a whole byte at a byte
 * boundary appends the next, empty byte at once, so a chunk whose last write was a whole-byte
 * write ending on a byte boundary — a one-sample chunk (v0's 64 bits), or a last value whose window
 * bits are a multiple of 8 — ends with one extra 0x00. Decoders never read it; it is reproduced so
 * that our chunks are Prometheus' bytes exactly.
 *
 * <p>Every value is kept bit for bit, staleness markers and NaN payloads included, as Prometheus'
 * appender does. The storage module's XOR encoding (regional-stack/storage docs/format/chunk.md)
 * is this stream without the count, without t0 and without the quirk byte ({@code
 * XorChunkEncoderTest} checks that); it is not used here because the quirk depends on how the last
 * bits were written, which its appender does not expose.
 */
public final class XorChunkEncoder {
    /** Most samples per chunk, as Prometheus cuts its head chunks. */
    public static final int MAX_SAMPLES = 120;

    private XorChunkEncoder() {}

    /**
     * Encodes samples {@code [from, to)} of the arrays as one chunk message.
     *
     * @param timestamps strictly increasing within the range
     * @throws IllegalArgumentException if the range is empty, holds more than {@link #MAX_SAMPLES}
     *     samples, or its timestamps do not increase strictly
     */
    public static Chunk encode(long[] timestamps, double[] values, int from, int to) {
        return Chunk.newBuilder()
                .setMinTimeMs(timestamps[from])
                .setMaxTimeMs(timestamps[to - 1])
                .setType(Chunk.Encoding.XOR)
                .setData(ByteString.copyFrom(encodeData(timestamps, values, from, to)))
                .build();
    }

    /** The bytes of the chunk holding samples {@code [from, to)}; see {@link #encode}. */
    public static byte[] encodeData(long[] timestamps, double[] values, int from, int to) {
        int count = to - from;
        if (count <= 0 || count > MAX_SAMPLES) {
            throw new IllegalArgumentException("a chunk holds 1 to " + MAX_SAMPLES + " samples (got: " + count + ")");
        }
        BitStream out = new BitStream(16 + count * 3);
        out.appendByte(count >>> 8);
        out.appendByte(count);
        long lastTime = timestamps[from];
        long lastBits = Double.doubleToRawLongBits(values[from]);
        for (byte b : zigzagVarint(lastTime)) {
            out.writeByte(b);
        }
        out.writeBits(lastBits, 64);
        long lastDelta = 0;
        int leading = -1;
        int trailing = 0;
        for (int i = from + 1; i < to; i++) {
            long t = timestamps[i];
            if (t <= lastTime) {
                throw new IllegalArgumentException("timestamps must increase strictly (got: " + t + " after " + lastTime + ")");
            }
            long delta = t - lastTime;
            if (i == from + 1) {
                for (byte b : uvarint(delta)) {
                    out.writeByte(b);
                }
            } else {
                writeDeltaOfDelta(out, delta - lastDelta);
            }
            lastDelta = delta;
            lastTime = t;

            long bits = Double.doubleToRawLongBits(values[i]);
            long xor = bits ^ lastBits;
            lastBits = bits;
            if (xor == 0) {
                out.writeBit(false);
                continue;
            }
            out.writeBit(true);
            int lead = Math.min(Long.numberOfLeadingZeros(xor), 31);
            int trail = Long.numberOfTrailingZeros(xor);
            if (leading >= 0 && lead >= leading && trail >= trailing) {
                out.writeBit(false);
                out.writeBits(xor >>> trailing, 64 - leading - trailing);
            } else {
                leading = lead;
                trailing = trail;
                int significant = 64 - lead - trail;
                out.writeBit(true);
                out.writeBits(lead, 5);
                out.writeBits(significant, 6);
                out.writeBits(xor >>> trail, significant);
            }
        }
        return out.toByteArray();
    }

    private static void writeDeltaOfDelta(BitStream out, long dod) {
        if (dod == 0) {
            out.writeBit(false);
        } else if (inBucket(dod, 14)) {
            out.writeBits(0b10, 2);
            out.writeBits(dod, 14);
        } else if (inBucket(dod, 17)) {
            out.writeBits(0b110, 3);
            out.writeBits(dod, 17);
        } else if (inBucket(dod, 20)) {
            out.writeBits(0b1110, 4);
            out.writeBits(dod, 20);
        } else {
            out.writeBits(0b1111, 4);
            out.writeBits(dod, 64);
        }
    }

    /** Prometheus' {@code bitRange}: {@code -(2^(n-1) - 1) <= x <= 2^(n-1)}. */
    private static boolean inBucket(long x, int n) {
        long half = 1L << (n - 1);
        return x > -half && x <= half;
    }

    /** Go's {@code binary.PutVarint}: zigzag ({@code (v << 1) ^ (v >> 63)}), then a uvarint. */
    static byte[] zigzagVarint(long v) {
        return uvarint((v << 1) ^ (v >> 63));
    }

    /** Go's {@code binary.PutUvarint} of {@code v} read as unsigned: LEB128, low 7 bits first. */
    static byte[] uvarint(long v) {
        byte[] buf = new byte[10];
        int n = 0;
        while ((v & ~0x7FL) != 0) {
            buf[n++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[n++] = (byte) v;
        return Arrays.copyOf(buf, n);
    }

    /**
     * Prometheus' {@code bstream} as it writes: bits most significant first, {@code free} bits left
     * in the last byte, and {@link #writeByte} always appending the byte after the one it fills.
     */
    private static final class BitStream {
        private byte[] bytes;
        private int length;
        private int free;

        BitStream(int capacity) {
            bytes = new byte[capacity];
        }

        void appendByte(int b) {
            if (length == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[length++] = (byte) b;
        }

        void writeBit(boolean bit) {
            if (free == 0) {
                appendByte(0);
                free = 8;
            }
            if (bit) {
                bytes[length - 1] |= (byte) (1 << (free - 1));
            }
            free--;
        }

        void writeByte(int b) {
            if (free == 0) {
                appendByte(0);
                free = 8;
            }
            bytes[length - 1] |= (byte) ((b & 0xFF) >>> (8 - free));
            appendByte((b << free) & 0xFF);
        }

        /** Writes the low {@code n} bits of {@code u} (1 to 64): whole bytes first, then single bits. */
        void writeBits(long u, int n) {
            u <<= 64 - n;
            while (n >= 8) {
                writeByte((int) (u >>> 56));
                u <<= 8;
                n -= 8;
            }
            while (n > 0) {
                writeBit(u < 0);
                u <<= 1;
                n--;
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, length);
        }
    }
}
