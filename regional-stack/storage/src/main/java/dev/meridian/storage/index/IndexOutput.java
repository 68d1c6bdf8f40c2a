package dev.meridian.storage.index;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Buffered, sequential writes to an index file, in big-endian order, with a CRC32C per section:
 * {@link #beginSection} starts one, {@link #endSection} appends the checksum of the bytes written
 * since and returns the section's length (without the checksum).
 */
final class IndexOutput {
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    private final CRC32C crc = new CRC32C();
    private long flushed;
    private boolean inSection;
    private long sectionStart;
    private int crcFrom; // Where in the buffer the section's bytes not yet in crc start.

    IndexOutput(FileChannel channel) {
        this.channel = requireNonNull(channel, "channel is null");
    }

    /** The file offset the next byte goes to. */
    long position() {
        return flushed + buffer.position();
    }

    void beginSection() {
        if (inSection) {
            throw new IllegalStateException("section started at " + sectionStart + " is not ended");
        }
        inSection = true;
        sectionStart = position();
        crc.reset();
        crcFrom = buffer.position();
    }

    /** Appends the section's CRC32C and returns the section's length, checksum excluded. */
    long endSection() throws IOException {
        if (!inSection) {
            throw new IllegalStateException("no section started");
        }
        crc.update(buffer.array(), crcFrom, buffer.position() - crcFrom);
        long length = position() - sectionStart;
        inSection = false;
        putInt((int) crc.getValue());
        return length;
    }

    void putByte(int b) throws IOException {
        ensure(1);
        buffer.put((byte) b);
    }

    void putInt(int v) throws IOException {
        ensure(4);
        buffer.putInt(v);
    }

    void putLong(long v) throws IOException {
        ensure(8);
        buffer.putLong(v);
    }

    /** An unsigned LEB128 varint of 1 to 10 bytes. */
    void putUvarint(long v) throws IOException {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buffer.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        buffer.put((byte) v);
    }

    void putBytes(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            ensure(1);
            int n = Math.min(length, buffer.remaining());
            buffer.put(bytes, offset, n);
            offset += n;
            length -= n;
        }
    }

    /** Writes the buffer to the file, so that the channel has every byte written so far. */
    void flush() throws IOException {
        if (inSection) {
            crc.update(buffer.array(), crcFrom, buffer.position() - crcFrom);
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
            flushed += channel.write(buffer);
        }
        buffer.clear();
        crcFrom = 0;
    }

    private void ensure(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush();
        }
    }
}
