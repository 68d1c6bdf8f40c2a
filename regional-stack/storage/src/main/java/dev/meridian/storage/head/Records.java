package dev.meridian.storage.head;

import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import java.util.Arrays;

/**
 * The head's commit log records (docs/format/head-records.md). The commit log frames and
 * checksums them; these are the payloads:
 *
 * <pre>
 * SERIES  = u8 1, then until the end: (uvarint ref, uvarint length, canonical label bytes)*
 * SAMPLES = u8 2, then until the end: (varint ref delta, varint time delta, u64 value bits LE)*
 * </pre>
 *
 * In SAMPLES the ref and the time are deltas from the previous sample of the record (the first
 * from 0), zig-zag encoded, so a batch of many series at one timestamp costs about 10 bytes per
 * sample. Value bits are kept exactly, staleness markers included.
 */
final class Records {
    static final byte SERIES = 1;
    static final byte SAMPLES = 2;

    private Records() {}

    /** Builds one record in a reusable buffer: start, add entries, then read {@code bytes()[0, length())}. */
    static final class Encoder {
        private byte[] buf = new byte[4096];
        private int size;
        private int count;
        private long prevRef;
        private long prevTime;

        void startSeries() {
            start(SERIES);
        }

        void startSamples() {
            start(SAMPLES);
        }

        private void start(byte type) {
            size = 0;
            count = 0;
            prevRef = 0;
            prevTime = 0;
            buf[size++] = type;
        }

        void series(int ref, byte[] labels) {
            uvarint(ref);
            uvarint(labels.length);
            ensure(labels.length);
            System.arraycopy(labels, 0, buf, size, labels.length);
            size += labels.length;
            count++;
        }

        void sample(int ref, long time, double value) {
            varint(ref - prevRef);
            varint(time - prevTime);
            prevRef = ref;
            prevTime = time;
            long bits = Double.doubleToRawLongBits(value);
            ensure(8);
            for (int i = 0; i < 8; i++) {
                buf[size++] = (byte) (bits >>> (8 * i));
            }
            count++;
        }

        /** Entries added since the start. */
        int count() {
            return count;
        }

        byte[] bytes() {
            return buf;
        }

        int length() {
            return size;
        }

        private void uvarint(long value) {
            ensure(10);
            long v = value;
            while ((v & ~0x7FL) != 0) {
                buf[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[size++] = (byte) v;
        }

        private void varint(long value) {
            uvarint((value << 1) ^ (value >> 63));
        }

        private void ensure(int extra) {
            if (size + extra > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
            }
        }
    }

    /** Receives decoded records. */
    interface Handler {
        void series(int ref, byte[] labels);

        void sample(int ref, long time, double value);
    }

    /**
     * Decodes one record.
     *
     * @throws StorageException {@link StorageErrorCode#CORRUPTION} if it is malformed
     */
    static void decode(byte[] b, int offset, int length, Handler handler) {
        int[] pos = {offset};
        int end = offset + length;
        if (length < 1) {
            throw corrupt("empty record", offset);
        }
        byte type = b[pos[0]++];
        switch (type) {
            case SERIES -> {
                while (pos[0] < end) {
                    int ref = (int) uvarint(b, pos, end);
                    int labelLength = (int) uvarint(b, pos, end);
                    if (labelLength < 0 || labelLength > end - pos[0]) {
                        throw corrupt("series labels run past the record", pos[0]);
                    }
                    handler.series(ref, Arrays.copyOfRange(b, pos[0], pos[0] + labelLength));
                    pos[0] += labelLength;
                }
            }
            case SAMPLES -> {
                long ref = 0;
                long time = 0;
                while (pos[0] < end) {
                    ref += zigzag(uvarint(b, pos, end));
                    time += zigzag(uvarint(b, pos, end));
                    if (end - pos[0] < 8) {
                        throw corrupt("sample value runs past the record", pos[0]);
                    }
                    long bits = 0;
                    for (int k = 0; k < 8; k++) {
                        bits |= (b[pos[0]++] & 0xFFL) << (8 * k);
                    }
                    handler.sample((int) ref, time, Double.longBitsToDouble(bits));
                }
            }
            default -> throw corrupt("unknown record type " + type, offset);
        }
    }

    private static long zigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static long uvarint(byte[] b, int[] pos, int end) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= end) {
                throw corrupt("truncated varint", pos[0]);
            }
            byte x = b[pos[0]++];
            result |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return result;
            }
        }
        throw corrupt("varint longer than 64 bits", pos[0]);
    }

    private static StorageException corrupt(String what, int at) {
        return new StorageException(StorageErrorCode.CORRUPTION, "malformed head record: " + what + " at byte " + at);
    }
}
