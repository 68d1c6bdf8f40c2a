package dev.meridian.coordinator.remoteread;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.meridian.proto.remote.ChunkedReadResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Splits a STREAMED_XOR_CHUNKS body into its messages, as Prometheus' {@code ChunkedReader} does:
 * per frame a uvarint length, a big-endian CRC-32C of the message, the message. Fails on a bad
 * checksum or a body that ends inside a frame.
 */
final class ChunkedFrameReader {
    private ChunkedFrameReader() {}

    static List<ChunkedReadResponse> read(byte[] body) throws InvalidProtocolBufferException {
        List<ChunkedReadResponse> out = new ArrayList<>();
        int pos = 0;
        while (pos < body.length) {
            long length = 0;
            int shift = 0;
            while (true) {
                if (pos >= body.length) {
                    throw new IllegalStateException("body ends inside a frame length");
                }
                int b = body[pos++] & 0xFF;
                length |= (long) (b & 0x7F) << shift;
                shift += 7;
                if (b < 0x80) {
                    break;
                }
            }
            if (pos + 4 + length > body.length) {
                throw new IllegalStateException("frame of " + length + " bytes at " + pos + " runs past the body");
            }
            long expected = ((body[pos] & 0xFFL) << 24) | ((body[pos + 1] & 0xFFL) << 16) | ((body[pos + 2] & 0xFFL) << 8)
                    | (body[pos + 3] & 0xFFL);
            pos += 4;
            CRC32C crc = new CRC32C();
            crc.update(body, pos, (int) length);
            if (crc.getValue() != expected) {
                throw new IllegalStateException("frame at " + pos + ": CRC32C " + Long.toHexString(crc.getValue())
                        + " != " + Long.toHexString(expected));
            }
            out.add(ChunkedReadResponse.parseFrom(java.nio.ByteBuffer.wrap(body, pos, (int) length)));
            pos += (int) length;
        }
        return out;
    }
}
