package dev.meridian.storage.chunk;

import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;

/** Decodes a {@link ChunkEncoding#XOR} stream (see {@link XorAppender}). Allocates nothing per sample. */
final class XorIterator extends BitStreamIterator {
    private long delta;
    private long bits;
    private int leading = XorAppender.NO_WINDOW;
    private int trailing;

    XorIterator(byte[] data, int offset, int length, int numSamples, long firstTime) {
        super(data, offset, length, numSamples, firstTime);
    }

    @Override
    void decode(int index) {
        if (index == 0) {
            bits = readBits(64);
            return;
        }
        if (index == 1) {
            delta = readUvarint();
        } else {
            delta += readDeltaOfDelta();
        }
        time += delta;
        readValue();
    }

    @Override
    public double value() {
        return Double.longBitsToDouble(bits);
    }

    private long readDeltaOfDelta() {
        return switch (readUnary(4)) {
            case 0 -> 0;
            case 1 -> signed(readBits(14), 14);
            case 2 -> signed(readBits(17), 17);
            case 3 -> signed(readBits(20), 20);
            default -> readBits(64);
        };
    }

    /** Inverse of the bucket encoding: {@code n}-bit values above {@code 2^(n-1)} are negative. */
    static long signed(long value, int n) {
        return value > (1L << (n - 1)) ? value - (1L << n) : value;
    }

    private void readValue() {
        switch (readUnary(2)) {
            case 0 -> { }
            case 1 -> {
                if (leading == XorAppender.NO_WINDOW) {
                    throw new StorageException(StorageErrorCode.CORRUPTION, "XOR chunk reuses a window before setting one");
                }
                bits ^= readBits(64 - leading - trailing) << trailing;
            }
            default -> {
                int header = (int) readBits(11);
                int lead = header >>> 6;
                int width = header & 63;
                if (width == 0) {
                    width = 64;
                }
                if (lead + width > 64) {
                    throw new StorageException(StorageErrorCode.CORRUPTION,
                            "XOR chunk window of " + lead + " leading zeros and " + width + " bits exceeds 64 bits");
                }
                leading = lead;
                trailing = 64 - lead - width;
                bits ^= readBits(width) << trailing;
            }
        }
    }
}
