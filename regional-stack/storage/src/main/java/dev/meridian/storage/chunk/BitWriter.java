package dev.meridian.storage.chunk;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growing stream of bits, most significant bit of each byte first. The chunk appenders extend it
 * rather than hold one, so that an open chunk in the head is one object plus its byte array (the
 * head keeps one per series, for 100k+ series; a second object would cost another 16-24 bytes each).
 *
 * <p>Writes go straight into the byte array: bits past {@link #bitLength()} are always zero, so a
 * write of up to 57 bits is one 64-bit big-endian read-or-write at the current byte, and a wider
 * one two. The array always has eight bytes from the current byte on, so that access never needs
 * a bounds-checked fallback; it grows by a quarter (at least 8 bytes, always to a multiple of 8
 * bytes, which is what the JVM allocates anyway) from the capacity it starts with, so it holds
 * little slack beyond those eight bytes.
 */
abstract class BitWriter {
    /** Bytes of a new writer: room for a first timestamp and value in either encoding. */
    static final int INITIAL_CAPACITY = 16;
    /** The array always holds this many bytes from the byte being written: one 64-bit access. */
    private static final int WORD = 8;

    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] bytes;
    private int bitLength;

    /**
     * @param capacity the stream's expected size in bytes; the array starts that plus {@link
     *     #WORD} long (at least {@link #INITIAL_CAPACITY}). A head chunk expects the size of the
     *     series' previous one, so it rarely grows
     */
    BitWriter(int capacity) {
        bytes = new byte[(Math.max(INITIAL_CAPACITY, capacity + WORD) + 7) & ~7];
    }

    /** Bits written so far. */
    final int bitLength() {
        return bitLength;
    }

    /** Bytes holding the bits written so far (the last one padded with zero bits). */
    final int byteLength() {
        return (bitLength + 7) >>> 3;
    }

    /** A trimmed copy of the bytes written so far. */
    final byte[] toByteArray() {
        return Arrays.copyOf(bytes, byteLength());
    }

    /** The array the bits are written to; longer than the stream. Callers must not change it. */
    final byte[] buffer() {
        return bytes;
    }

    /** Heap bytes of the byte array (16-byte header, padded to 8 bytes), for memory accounting. */
    final long bufferRetainedBytes() {
        return arrayRetainedBytes(bytes.length);
    }

    static long arrayRetainedBytes(int length) {
        return (16L + length + 7) & ~7L;
    }

    final void writeBit(boolean bit) {
        int pos = bitLength;
        int index = pos >>> 3;
        if (index >= bytes.length) {
            grow(index + 1);
        }
        if (bit) {
            bytes[index] |= (byte) (0x80 >>> (pos & 7));
        }
        bitLength = pos + 1;
    }

    /**
     * Writes the low {@code n} bits of {@code value}, most significant first; higher bits of
     * {@code value} are ignored.
     *
     * @param n 1 to 64
     */
    final void writeBits(long value, int n) {
        int pos = bitLength;
        int index = pos >>> 3;
        int used = pos & 7;
        long aligned = value << (64 - n);
        if (index + WORD > bytes.length) {
            grow(index + WORD);
        }
        if (used + n <= 64) {
            long word = (long) LONG_BE.get(bytes, index);
            LONG_BE.set(bytes, index, word | (aligned >>> used));
            bitLength = pos + n;
            return;
        }
        // 58 to 64 bits from an unaligned position: two writes.
        writeBits(value >>> 32, n - 32);
        writeBits(value, 32);
    }

    /** Unsigned LEB128: seven bits per byte, low group first, high bit set on all but the last. */
    final void writeUvarint(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            writeBits((v & 0x7F) | 0x80, 8);
            v >>>= 7;
        }
        writeBits(v, 8);
    }

    private void grow(int minLength) {
        int length = bytes.length;
        int target = Math.max(minLength, length + Math.max(8, length >>> 2));
        bytes = Arrays.copyOf(bytes, (target + 7) & ~7);
    }
}
