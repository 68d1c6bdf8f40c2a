package dev.meridian.coordinator.remoteread;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Prometheus XOR chunk ({@code tsdb/chunkenc/xor.go}) into samples. Written for the tests
 * from Prometheus' format, independently of the storage module's iterator, so that it checks
 * {@link XorChunkEncoder} rather than agreeing with it by construction:
 *
 * <pre>
 * uint16 BE count | varint t0 | v0 (64 bits) | uvarint t1 - t0 | XOR(v1)
 *                 | then per sample: DOD(t) XOR(v)
 * DOD  '0' = 0 | '10' 14 bits | '110' 17 bits | '1110' 20 bits | '1111' 64 bits
 *      (an n-bit value u over 2^(n-1) means u - 2^n)
 * XOR  '0' same value | '10' bits in the current window | '11' L (5 bits), n (6 bits, 0 = 64), n bits
 * </pre>
 *
 * One 0x00 byte may follow the samples when they end on a byte boundary (see {@link XorChunkEncoder}).
 */
final class PrometheusXorDecoder {
    /** One decoded sample; the value as raw bits, so NaN payloads compare exactly. */
    record Sample(long t, long bits) {
        double value() {
            return Double.longBitsToDouble(bits);
        }
    }

    private final byte[] data;
    private int bit;

    private PrometheusXorDecoder(byte[] data) {
        this.data = data;
    }

    static List<Sample> decode(byte[] data) {
        return new PrometheusXorDecoder(data).read();
    }

    private List<Sample> read() {
        int count = (int) readBits(16);
        List<Sample> out = new ArrayList<>(count);
        if (count == 0) {
            return out;
        }
        long zigzag = readUvarint();
        long t = (zigzag >>> 1) ^ -(zigzag & 1);
        long value = readBits(64);
        out.add(new Sample(t, value));
        long delta = 0;
        int leading = -1;
        int trailing = 0;
        for (int i = 1; i < count; i++) {
            if (i == 1) {
                delta = readUvarint();
            } else {
                delta += readDeltaOfDelta();
            }
            t += delta;
            if (readBits(1) == 1) {
                if (readBits(1) == 1) {
                    leading = (int) readBits(5);
                    int significant = (int) readBits(6);
                    if (significant == 0) {
                        significant = 64;
                    }
                    trailing = 64 - leading - significant;
                } else if (leading < 0) {
                    throw new IllegalStateException("sample " + i + " reuses a window before any was set");
                }
                long xor = readBits(64 - leading - trailing) << trailing;
                value ^= xor;
            }
            out.add(new Sample(t, value));
        }
        // Prometheus' bstream leaves one empty byte after a whole-byte write that ended on a byte
        // boundary; anything else after the samples is an error.
        int used = (bit + 7) / 8;
        boolean emptyByte = bit % 8 == 0 && data.length == used + 1 && data[used] == 0;
        if (data.length != used && !emptyByte) {
            throw new IllegalStateException("chunk has " + data.length + " bytes but its samples end at bit " + bit);
        }
        return out;
    }

    private long readDeltaOfDelta() {
        int prefix = 0;
        while (prefix < 4 && readBits(1) == 1) {
            prefix++;
        }
        int size = switch (prefix) {
            case 0 -> 0;
            case 1 -> 14;
            case 2 -> 17;
            case 3 -> 20;
            default -> 64;
        };
        if (size == 0) {
            return 0;
        }
        long u = readBits(size);
        if (size < 64 && u > (1L << (size - 1))) {
            u -= 1L << size;
        }
        return u;
    }

    private long readUvarint() {
        long result = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            long b = readBits(8);
            result |= (b & 0x7F) << shift;
            if (b < 0x80) {
                return result;
            }
        }
        throw new IllegalStateException("varint longer than 10 bytes");
    }

    private long readBits(int n) {
        long result = 0;
        for (int i = 0; i < n; i++) {
            int index = bit >>> 3;
            if (index >= data.length) {
                throw new IllegalStateException("chunk ends after " + data.length + " bytes, inside a field");
            }
            int b = (data[index] >>> (7 - (bit & 7))) & 1;
            result = (result << 1) | b;
            bit++;
        }
        return result;
    }
}
