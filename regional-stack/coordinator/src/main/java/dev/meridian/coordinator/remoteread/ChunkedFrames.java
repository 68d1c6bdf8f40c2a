package dev.meridian.coordinator.remoteread;

import java.util.zip.CRC32C;

/**
 * The framing of a STREAMED_XOR_CHUNKS answer (Prometheus {@code storage/remote/chunked.go},
 * {@code ChunkedWriter}). The HTTP body is a sequence of frames, each one marshalled {@code
 * ChunkedReadResponse}:
 *
 * <pre>
 * uvarint        length of the message in bytes (LEB128, low 7 bits first)
 * uint32 (BE)    CRC-32C (Castagnoli polynomial) of the message bytes
 * bytes          the message
 * </pre>
 *
 * There is no end marker: the stream ends with the HTTP body.
 */
public final class ChunkedFrames {
    private ChunkedFrames() {}

    /** The frame carrying {@code message}. */
    public static byte[] frame(byte[] message) {
        byte[] out = new byte[uvarintSize(message.length) + 4 + message.length];
        int pos = 0;
        long length = message.length;
        while ((length & ~0x7FL) != 0) {
            out[pos++] = (byte) ((length & 0x7F) | 0x80);
            length >>>= 7;
        }
        out[pos++] = (byte) length;
        CRC32C crc = new CRC32C();
        crc.update(message);
        int sum = (int) crc.getValue();
        out[pos++] = (byte) (sum >>> 24);
        out[pos++] = (byte) (sum >>> 16);
        out[pos++] = (byte) (sum >>> 8);
        out[pos++] = (byte) sum;
        System.arraycopy(message, 0, out, pos, message.length);
        return out;
    }

    private static int uvarintSize(long value) {
        int n = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            n++;
        }
        return n;
    }
}
