package dev.meridian.storage.chunk;

import static java.util.Objects.requireNonNull;

import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Reads a {@link BitWriter} stream from a byte range. The chunk iterators extend it so that the
 * decode loops work on their own fields.
 *
 * <p>Bits are served from a 64-bit word, {@code window}, whose top {@code windowBits} bits are the
 * next bits of the stream. A refill loads eight bytes at once (big-endian) and claims as many whole
 * bytes as fit, leaving at least 56 bits; the unclaimed low bits it also ORs in are the very bits
 * the next refill ORs in at the same place, so they do no harm. Near the end of the range it loads
 * byte by byte and never reads past the range.
 */
abstract class BitReader {
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] data;
    private final int end;
    private int next;
    private long window;
    private int windowBits;

    BitReader(byte[] data, int offset, int length) {
        this.data = requireNonNull(data, "data is null");
        Objects.checkFromIndexSize(offset, length, data.length);
        this.next = offset;
        this.end = offset + length;
    }

    final boolean readBit() {
        if (windowBits == 0) {
            refill();
            if (windowBits == 0) {
                throw truncated();
            }
        }
        boolean bit = window < 0;
        window <<= 1;
        windowBits--;
        return bit;
    }

    /**
     * Reads {@code n} bits as an unsigned number.
     *
     * @param n 1 to 64
     */
    final long readBits(int n) {
        // 64-bit reads always split: Java shifts a long by n mod 64, so "window <<= 64" would keep
        // the bits. (A refill can fill all 64 bits, but only inside a read that then consumes some,
        // so a read never starts with 64; the split keeps that from mattering.)
        if (n > windowBits || n == 64) {
            if (n > 56) {
                long high = readBits(n - 32);
                return (high << 32) | readBits(32);
            }
            refill();
            if (n > windowBits) {
                throw truncated();
            }
        }
        long value = window >>> (64 - n);
        window <<= n;
        windowBits -= n;
        return value;
    }

    /**
     * Reads a unary prefix: counts 1 bits up to {@code max}, consuming the 0 bit that ends a
     * shorter run. So with {@code max = 3}: {@code 0 -> 0, 10 -> 1, 110 -> 2, 111 -> 3}.
     *
     * @param max 1 to 8
     */
    final int readUnary(int max) {
        if (windowBits < max) {
            refill();
        }
        int ones = Math.min(Long.numberOfLeadingZeros(~window), max);
        int consumed = ones == max ? max : ones + 1;
        if (consumed > windowBits) {
            throw truncated();
        }
        window <<= consumed;
        windowBits -= consumed;
        return ones;
    }

    /** See {@link BitWriter#writeUvarint}. */
    final long readUvarint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            long b = readBits(8);
            value |= (b & 0x7F) << shift;
            if (b < 0x80) {
                return value;
            }
        }
        throw new StorageException(StorageErrorCode.CORRUPTION, "chunk data holds a varint longer than 10 bytes");
    }

    private void refill() {
        if (next + 8 <= end) {
            long word = (long) LONG_BE.get(data, next);
            window |= word >>> windowBits;
            int claimed = (63 - windowBits) >>> 3;
            next += claimed;
            windowBits += claimed << 3;
        } else {
            while (windowBits <= 56 && next < end) {
                window |= (data[next++] & 0xFFL) << (56 - windowBits);
                windowBits += 8;
            }
        }
    }

    private StorageException truncated() {
        return new StorageException(StorageErrorCode.CORRUPTION,
                "chunk data ends before the samples it claims to hold (" + (end - next) + " bytes left)");
    }
}
