package dev.meridian.gateway.transport;

import java.io.ByteArrayOutputStream;

/**
 * Test-only: appends bit fields most significant bit first, so a test can spell out a chunk field
 * by field from the format description. Deliberately naive (one bit at a time).
 */
final class TestBitWriter {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private int current;
    private int used;

    /** Appends the low {@code width} bits of {@code value}, most significant first. */
    TestBitWriter bits(long value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            current = (current << 1) | (int) ((value >>> i) & 1);
            used++;
            if (used == 8) {
                bytes.write(current);
                current = 0;
                used = 0;
            }
        }
        return this;
    }

    /** Appends bits written as a string of '0' and '1', e.g. {@code "110"}. */
    TestBitWriter bits(String zerosAndOnes) {
        for (char c : zerosAndOnes.toCharArray()) {
            bits(c == '1' ? 1 : 0, 1);
        }
        return this;
    }

    /** Go's {@code binary.PutUvarint}: 7 bits per byte, least significant group first. */
    TestBitWriter uvarint(long value) {
        long rest = value;
        while (Long.compareUnsigned(rest, 0x80) >= 0) {
            bits((rest & 0x7f) | 0x80, 8);
            rest >>>= 7;
        }
        return bits(rest, 8);
    }

    /** Go's {@code binary.PutVarint}: zig-zag, then a uvarint. */
    TestBitWriter varint(long value) {
        return uvarint((value << 1) ^ (value >> 63));
    }

    /** The chunk: a 2-byte big-endian sample count, then the bits written, zero-padded. */
    byte[] chunk(int sampleCount) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(sampleCount >>> 8);
        out.write(sampleCount & 0xff);
        byte[] body = bytes.toByteArray();
        out.write(body, 0, body.length);
        if (used > 0) {
            out.write(current << (8 - used));
        }
        return out.toByteArray();
    }
}
