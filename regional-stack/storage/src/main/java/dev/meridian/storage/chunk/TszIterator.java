package dev.meridian.storage.chunk;

import static dev.meridian.storage.chunk.TszAppender.FLOAT_MODE;
import static dev.meridian.storage.chunk.TszAppender.MAX_SCALE;
import static dev.meridian.storage.chunk.TszAppender.POW10_LONG;

import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;

/**
 * Decodes a {@link ChunkEncoding#TSZ} stream (see {@link TszAppender}). Allocates nothing per
 * sample; an int-mode value is turned into a double only when {@link #value()} asks for it, so
 * {@link #seek} skips the division.
 */
final class TszIterator extends BitStreamIterator {
    private long delta;
    /** As in the appender: n in int mode, the value's bits in float mode. */
    private long last;
    private int scale;
    /** See the appender's fields of the same names. */
    private boolean expectChange;
    private int shift;
    private int width;
    private boolean signed;
    private int leading = XorAppender.NO_WINDOW;
    private int trailing;

    TszIterator(byte[] data, int offset, int length, int numSamples, long firstTime) {
        super(data, offset, length, numSamples, firstTime);
    }

    @Override
    void decode(int i) {
        if (i == 0) {
            if (readBit()) {
                scale = FLOAT_MODE;
                last = readBits(64);
            } else {
                readInt();
            }
        } else if (i == 1) {
            delta = readUvarint();
            time += delta;
            readValue();
        } else {
            switch (readUnary(3)) {
                case 0 -> {
                    time += delta;
                    readAsExpected();
                }
                case 1 -> {
                    delta += readDeltaOfDelta();
                    time += delta;
                    readValue();
                }
                case 2 -> {
                    time += delta;
                    readOther();
                }
                default -> {
                    time += delta;
                    readChanged();
                    expectChange = true;
                }
            }
        }
    }

    @Override
    public double value() {
        return scale == FLOAT_MODE ? Double.longBitsToDouble(last) : TszAppender.intValue(last, scale);
    }

    private long readDeltaOfDelta() {
        return switch (readUnary(3)) {
            case 0 -> XorIterator.signed(readBits(7), 7);
            case 1 -> XorIterator.signed(readBits(14), 14);
            case 2 -> XorIterator.signed(readBits(20), 20);
            default -> readBits(64);
        };
    }

    /** VALUE: as expected, the other of repeat and fit, or CHANGED. */
    private void readValue() {
        switch (readUnary(2)) {
            case 0 -> readAsExpected();
            case 1 -> readOther();
            default -> {
                readChanged();
                expectChange = true;
            }
        }
    }

    private void readAsExpected() {
        if (expectChange) {
            readFit();
        }
    }

    private void readOther() {
        if (!expectChange) {
            readFit();
        }
        expectChange = !expectChange;
    }

    /** FIT: the value in the current window. */
    private void readFit() {
        if (scale == FLOAT_MODE) {
            if (leading == XorAppender.NO_WINDOW) {
                throw corrupt("a value fits an XOR window before one is set");
            }
            last ^= readBits(64 - leading - trailing) << trailing;
            return;
        }
        int w = width;
        if (w == 0) {
            throw corrupt("a value fits an int window before one is set");
        }
        if (signed) {
            long signAndMagnitude = readBits(w + 1);
            long d = (signAndMagnitude & ((1L << w) - 1)) << shift;
            last += (signAndMagnitude >>> w) == 0 ? d : -d;
        } else {
            last += readBits(w) << shift;
        }
    }

    /** CHANGED: a new window, a rescale or a mode switch. */
    private void readChanged() {
        if (scale == FLOAT_MODE) {
            readChangedFloat();
            return;
        }
        while (true) {
            switch (readUnary(3)) {
                case 0 -> readWindow();
                case 1 -> {
                    shift = (int) readBits(6);
                    readWindow();
                }
                case 2 -> {
                    int k = (int) readBits(4);
                    if (k <= scale || k > MAX_SCALE) {
                        throw corrupt("scale changes from " + scale + " to " + k);
                    }
                    last *= POW10_LONG[k - scale];
                    scale = k;
                    shift = 0;
                    width = 0;
                    signed = false;
                    continue;
                }
                default -> {
                    last = Double.doubleToRawLongBits(TszAppender.intValue(last, scale));
                    scale = FLOAT_MODE;
                    leading = XorAppender.NO_WINDOW;
                    readChangedFloat();
                }
            }
            return;
        }
    }

    /** Signedness and width of a new int window, then the value in it. */
    private void readWindow() {
        int header = (int) readBits(7);
        int w = header & 63;
        if (w == 0 || w > 55) {
            throw corrupt("int width " + w + " outside 1..55");
        }
        signed = header >= 64;
        width = w;
        readFit();
    }

    private void readChangedFloat() {
        if (readBit()) {
            readInt();
            return;
        }
        int header = (int) readBits(11);
        int lead = header >>> 6;
        int w = header & 63;
        if (w == 0) {
            w = 64;
        }
        if (lead + w > 64) {
            throw corrupt("XOR window of " + lead + " leading zeros and " + w + " bits exceeds 64 bits");
        }
        leading = lead;
        trailing = 64 - lead - w;
        last ^= readBits(w) << trailing;
    }

    /** INT: scale, sign, width, |n|; starts int mode with no window. */
    private void readInt() {
        int header = (int) readBits(11);
        int k = header >>> 7;
        int w = header & 63;
        if (k > MAX_SCALE || w > 54) {
            throw corrupt("int value of scale " + k + " and width " + w);
        }
        long magnitude = w == 0 ? 0 : readBits(w);
        last = (header & 0x40) == 0 ? magnitude : -magnitude;
        scale = k;
        shift = 0;
        width = 0;
        signed = false;
    }

    private static StorageException corrupt(String what) {
        return new StorageException(StorageErrorCode.CORRUPTION, "TSZ chunk data is corrupt: " + what);
    }
}
