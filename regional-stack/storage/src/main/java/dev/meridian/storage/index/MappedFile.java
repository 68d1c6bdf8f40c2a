package dev.meridian.storage.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * A read-only memory map of a whole file of any size. A {@link MappedByteBuffer} holds at most
 * 2 GiB, so the file is mapped in segments of {@code 2^segmentBits} bytes; reads that straddle two
 * segments are assembled byte by byte. Integers are big-endian. Thread-safe: only absolute reads.
 */
final class MappedFile {
    static final int DEFAULT_SEGMENT_BITS = 30;

    private final ByteBuffer[] segments;
    private final int segmentBits;
    private final long segmentMask;
    private final long size;

    private MappedFile(ByteBuffer[] segments, int segmentBits, long size) {
        this.segments = segments;
        this.segmentBits = segmentBits;
        this.segmentMask = (1L << segmentBits) - 1;
        this.size = size;
    }

    /** Maps the first {@code size} bytes of {@code channel}. */
    static MappedFile map(FileChannel channel, long size, int segmentBits) throws IOException {
        if (segmentBits < 3 || segmentBits > 30) {
            throw new IllegalArgumentException("segmentBits must be in [3, 30] (got: " + segmentBits + ")");
        }
        long segmentSize = 1L << segmentBits;
        int count = (int) ((size + segmentSize - 1) >>> segmentBits);
        ByteBuffer[] segments = new ByteBuffer[count];
        for (int i = 0; i < count; i++) {
            long start = i * segmentSize;
            segments[i] = channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(segmentSize, size - start));
        }
        return new MappedFile(segments, segmentBits, size);
    }

    long size() {
        return size;
    }

    byte get(long position) {
        return segments[(int) (position >>> segmentBits)].get((int) (position & segmentMask));
    }

    int getInt(long position) {
        ByteBuffer segment = segments[(int) (position >>> segmentBits)];
        int index = (int) (position & segmentMask);
        if (index + 4 <= segment.limit()) {
            return segment.getInt(index);
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (get(position + i) & 0xFF);
        }
        return v;
    }

    long getLong(long position) {
        ByteBuffer segment = segments[(int) (position >>> segmentBits)];
        int index = (int) (position & segmentMask);
        if (index + 8 <= segment.limit()) {
            return segment.getLong(index);
        }
        return ((long) getInt(position) << 32) | (getInt(position + 4) & 0xFFFFFFFFL);
    }

    /** {@code length} bytes from {@code position}: a view of the map when in one segment, else a copy. */
    ByteBuffer slice(long position, int length) {
        ByteBuffer segment = segments[(int) (position >>> segmentBits)];
        int index = (int) (position & segmentMask);
        if (index + length <= segment.limit()) {
            return segment.slice(index, length);
        }
        byte[] copy = new byte[length];
        get(position, copy);
        return ByteBuffer.wrap(copy);
    }

    /** Fills {@code dst} with the bytes from {@code position}. */
    void get(long position, byte[] dst) {
        int done = 0;
        while (done < dst.length) {
            long at = position + done;
            ByteBuffer segment = segments[(int) (at >>> segmentBits)];
            int index = (int) (at & segmentMask);
            int n = Math.min(dst.length - done, segment.limit() - index);
            segment.get(index, dst, done, n);
            done += n;
        }
    }

    /** The CRC32C of {@code length} bytes from {@code position}. */
    int crc32c(long position, long length) {
        CRC32C crc = new CRC32C();
        long end = position + length;
        while (position < end) {
            ByteBuffer segment = segments[(int) (position >>> segmentBits)];
            int index = (int) (position & segmentMask);
            int n = (int) Math.min(end - position, segment.limit() - index);
            crc.update(segment.slice(index, n));
            position += n;
        }
        return (int) crc.getValue();
    }
}
