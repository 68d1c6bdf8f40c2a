package dev.meridian.storage.block;

import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import dev.meridian.storage.chunk.Chunk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Writes a block's chunks into numbered segment files {@code chunks/000001, 000002, ...}
 * (docs/format/block.md):
 *
 * <pre>
 * segment  = magic "MCHK" (4 bytes), u8 format version (1), 3 bytes zero, chunk*
 * chunk    = u8 encoding id, uvarint sample count, uvarint data length, data, u32 CRC32C (LE)
 *            of everything from the encoding id through the data
 * </pre>
 *
 * A chunk's reference is {@code segment number << 32 | byte offset of its encoding id}. The time
 * range of each chunk is kept in the index, next to the reference, not here.
 */
final class BlockChunksWriter implements AutoCloseable {
    static final int MAGIC = 0x4D43484B; // "MCHK"
    static final byte VERSION = 1;
    static final int HEADER_BYTES = 8;
    static final long DEFAULT_SEGMENT_BYTES = 512L << 20;

    private final Path dir;
    private final long segmentBytes;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private FileChannel channel;
    private int segment;
    private long offset;
    private long bytesWritten;

    BlockChunksWriter(Path dir, long segmentBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw io("cannot create " + dir, e);
        }
    }

    /** Appends a chunk and returns its reference. */
    long write(Chunk chunk) {
        byte[] data = chunk.data();
        int size = 1 + 10 + 10 + data.length + 4;
        if (size > buffer.capacity()) {
            throw new IllegalArgumentException("chunk of " + data.length + " bytes is larger than a block chunk may be ("
                    + (buffer.capacity() - 25) + ")");
        }
        if (channel == null || offset + size > segmentBytes) {
            nextSegment();
        }
        if (buffer.remaining() < size) {
            flushBuffer();
        }
        long ref = ((long) segment << 32) | offset;
        int start = buffer.position();
        buffer.put(chunk.encoding().id());
        putUvarint(chunk.numSamples());
        putUvarint(data.length);
        buffer.put(data);
        crc.reset();
        crc.update(buffer.array(), start, buffer.position() - start);
        buffer.putInt((int) crc.getValue());
        offset += buffer.position() - start;
        return ref;
    }

    /** Bytes written so far, headers included. */
    long bytesWritten() {
        return bytesWritten + buffer.position();
    }

    private void nextSegment() {
        closeSegment();
        segment++;
        Path file = dir.resolve(String.format("%06d", segment));
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw io("cannot create " + file, e);
        }
        buffer.putInt(MAGIC).put(VERSION).put((byte) 0).put((byte) 0).put((byte) 0);
        offset = HEADER_BYTES;
    }

    private void flushBuffer() {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                bytesWritten += channel.write(buffer);
            }
        } catch (IOException e) {
            throw io("cannot write chunks in " + dir, e);
        }
        buffer.clear();
    }

    private void closeSegment() {
        if (channel == null) {
            return;
        }
        flushBuffer();
        try {
            channel.force(true);
            channel.close();
        } catch (IOException e) {
            throw io("cannot sync chunks in " + dir, e);
        }
        channel = null;
    }

    /** Flushes, syncs and closes the last segment. */
    @Override
    public void close() {
        closeSegment();
    }

    private void putUvarint(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            buffer.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        buffer.put((byte) v);
    }

    private static StorageException io(String what, IOException e) {
        return new StorageException(StorageErrorCode.IO, what + ": " + e.getMessage(), e);
    }
}
