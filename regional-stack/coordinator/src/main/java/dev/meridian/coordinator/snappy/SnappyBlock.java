package dev.meridian.coordinator.snappy;

import java.io.IOException;
import org.xerial.snappy.Snappy;

/**
 * Decompresses a snappy block (github.com/google/snappy format_description.txt), the body format
 * of Prometheus remote write and remote read, without trusting its size: the uncompressed length
 * at the head of the block (a uvarint of at most 32 bits) is checked against a limit before a byte
 * is allocated, so a small body cannot make the coordinator allocate gigabytes.
 */
public final class SnappyBlock {
    private SnappyBlock() {}

    /**
     * @throws SnappyBlockException {@linkplain SnappyBlockException#tooLarge() too large} if the
     *     block claims more than {@code maxDecompressedBytes}, else malformed with the reason
     */
    public static byte[] decompress(byte[] body, long maxDecompressedBytes) {
        long length = length(body);
        if (length > maxDecompressedBytes) {
            throw new SnappyBlockException(true, "snappy header claims " + length + " bytes uncompressed, over the limit of "
                    + maxDecompressedBytes + " bytes", null);
        }
        byte[] out = new byte[(int) length];
        int n;
        try {
            n = Snappy.uncompress(body, 0, body.length, out, 0);
        } catch (IOException e) {
            throw new SnappyBlockException(false, "bad snappy block (expected the block format, not framed): " + e.getMessage(), e);
        }
        if (n != length) {
            throw new SnappyBlockException(false, "bad snappy block: header claims " + length + " bytes, data holds " + n, null);
        }
        return out;
    }

    private static long length(byte[] body) {
        long length = 0;
        for (int i = 0; i < 5; i++) {
            if (i == body.length) {
                throw new SnappyBlockException(false, "bad snappy block: truncated length header", null);
            }
            int b = body[i];
            length |= (long) (b & 0x7F) << (7 * i);
            if (b >= 0) {
                if (length > 0xFFFF_FFFFL) {
                    break;
                }
                return length;
            }
        }
        throw new SnappyBlockException(false, "bad snappy block: length header is not a 32-bit uvarint", null);
    }
}
