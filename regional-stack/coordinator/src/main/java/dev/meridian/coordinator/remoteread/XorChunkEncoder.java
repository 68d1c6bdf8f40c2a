package dev.meridian.coordinator.remoteread;

import com.google.protobuf.ByteString;
import dev.meridian.proto.remote.Chunk;
import dev.meridian.storage.chunk.ChunkAppender;
import dev.meridian.storage.chunk.ChunkEncoding;
import dev.meridian.storage.chunk.Chunks;
import java.util.Arrays;

/**
 * Encodes samples as Prometheus XOR chunks ({@code tsdb/chunkenc/xor.go}, {@code XORChunk}), the
 * chunk format of STREAMED_XOR_CHUNKS answers:
 *
 * <pre>
 * bytes 0-1   number of samples, big-endian uint16
 * then        t0 as a signed (zigzag) varint, whole bytes
 * then        the Gorilla bit stream from v0 on: v0 as 64 raw bits, t1 - t0 as a uvarint, the XOR
 *             of v1, then per sample the delta of delta of its timestamp in Prometheus' 14/17/20/64
 *             bit buckets and the XOR of its value; the last byte padded with 0 bits
 * </pre>
 *
 * The storage engine's XOR chunk (regional-stack/storage docs/format/chunk.md, id 1) is exactly
 * that bit stream without the count and without t0, which its containers keep beside it. Because
 * the count and t0 take whole bytes, a Prometheus chunk is those bytes followed by the storage's
 * bytes unchanged; this class writes the header and lets the storage's appender write the rest.
 * {@code XorChunkEncoderTest} pins the bytes of a worked example against the format, and {@code
 * RemoteReadPrometheusIT} re-encodes the samples of chunks a real Prometheus 2.42 sent and compares
 * the bytes.
 *
 * <p>Prometheus' appender keeps every value bit for bit, staleness markers included, so does this one.
 */
public final class XorChunkEncoder {
    /** Most samples per chunk, as Prometheus cuts its head chunks. */
    public static final int MAX_SAMPLES = ChunkAppender.MAX_SAMPLES;

    private XorChunkEncoder() {}

    /**
     * Encodes samples {@code [from, to)} of the arrays as one chunk message.
     *
     * @param timestamps strictly increasing within the range
     * @throws IllegalArgumentException if the range is empty, holds more than {@link #MAX_SAMPLES}
     *     samples, or its timestamps do not increase strictly
     */
    public static Chunk encode(long[] timestamps, double[] values, int from, int to) {
        return Chunk.newBuilder()
                .setMinTimeMs(timestamps[from])
                .setMaxTimeMs(timestamps[to - 1])
                .setType(Chunk.Encoding.XOR)
                .setData(ByteString.copyFrom(encodeData(timestamps, values, from, to)))
                .build();
    }

    /** The bytes of the chunk holding samples {@code [from, to)}; see {@link #encode}. */
    public static byte[] encodeData(long[] timestamps, double[] values, int from, int to) {
        int count = to - from;
        if (count <= 0 || count > MAX_SAMPLES) {
            throw new IllegalArgumentException("a chunk holds 1 to " + MAX_SAMPLES + " samples (got: " + count + ")");
        }
        ChunkAppender appender = Chunks.newAppender(ChunkEncoding.XOR, count * 2);
        for (int i = from; i < to; i++) {
            appender.append(timestamps[i], values[i]);
        }
        byte[] stream = appender.snapshot().data();
        byte[] t0 = zigzagVarint(timestamps[from]);
        byte[] out = new byte[2 + t0.length + stream.length];
        out[0] = (byte) (count >>> 8);
        out[1] = (byte) count;
        System.arraycopy(t0, 0, out, 2, t0.length);
        System.arraycopy(stream, 0, out, 2 + t0.length, stream.length);
        return out;
    }

    /** Go's {@code binary.PutVarint}: zigzag ({@code (v << 1) ^ (v >> 63)}), then LEB128. */
    static byte[] zigzagVarint(long v) {
        long u = (v << 1) ^ (v >> 63);
        byte[] buf = new byte[10];
        int n = 0;
        while ((u & ~0x7FL) != 0) {
            buf[n++] = (byte) ((u & 0x7F) | 0x80);
            u >>>= 7;
        }
        buf[n++] = (byte) u;
        return Arrays.copyOf(buf, n);
    }
}
