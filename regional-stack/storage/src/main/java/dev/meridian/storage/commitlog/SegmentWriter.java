package dev.meridian.storage.commitlog;

import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The segment file the log appends to. Used by one thread at a time (the writer thread, or
 * {@link CommitLog#open} before the writer starts). Writes are positional, so the channel's
 * position never matters; failures become {@link StorageErrorCode#IO} naming the file and offset.
 */
final class SegmentWriter implements AutoCloseable {
    private static final int MAX_HEAP_WRITE = 1 << 20;

    private final long segment;
    private final Path file;
    private final FileChannel channel;
    /** The file's size: where the next frame goes. */
    private long size;
    private long records;

    private SegmentWriter(long segment, Path file, FileChannel channel, long size, long records) {
        this.segment = segment;
        this.file = file;
        this.channel = channel;
        this.size = size;
        this.records = records;
    }

    /** Creates segment {@code segment}'s file, which must not exist, and writes its header (not synced). */
    static SegmentWriter create(Path directory, long segment) {
        Path file = SegmentFormat.file(directory, segment);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot create commit log segment " + file + ": " + e, e);
        }
        SegmentWriter writer = new SegmentWriter(segment, file, channel, 0, 0);
        try {
            writer.write(SegmentFormat.header(segment));
        } catch (StorageException e) {
            writer.closeQuietly();
            throw e;
        }
        return writer;
    }

    /**
     * Opens an existing segment to append after its first {@code size} bytes, which hold its
     * header and {@code records} good records; anything after them is cut off.
     */
    static SegmentWriter resume(Path directory, long segment, long size, long records) {
        Path file = SegmentFormat.file(directory, segment);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot open commit log segment " + file + ": " + e, e);
        }
        SegmentWriter writer = new SegmentWriter(segment, file, channel, size, records);
        try {
            if (channel.size() > size) {
                channel.truncate(size);
                writer.force();
            }
        } catch (IOException e) {
            writer.closeQuietly();
            throw new StorageException(StorageErrorCode.IO, "cannot truncate commit log segment " + file + " to offset " + size + ": " + e, e);
        }
        return writer;
    }

    long segment() {
        return segment;
    }

    Path file() {
        return file;
    }

    long size() {
        return size;
    }

    /** Appends frames holding {@code frames} records; the buffer must start where the file ends. */
    void writeFrames(ByteBuffer frames, long offset, int frameCount) {
        if (offset != size) {
            throw new IllegalStateException("frames for " + file + " start at offset " + offset + " but the file ends at " + size);
        }
        write(frames);
        records += frameCount;
    }

    /** Writes the end marker: nothing is appended to this segment after it. */
    void writeEndMarker() {
        write(SegmentFormat.endMarker(records));
    }

    /** fsync: the file's data and size, not its other metadata. */
    void force() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot fsync commit log segment " + file + " (" + size + " bytes): " + e, e);
        }
    }

    private void write(ByteBuffer bytes) {
        try {
            while (bytes.hasRemaining()) {
                // The JDK copies a heap buffer into a temporary direct buffer of the same size and
                // caches that per thread, so an oversized record is written in slices.
                ByteBuffer part = bytes.isDirect() || bytes.remaining() <= MAX_HEAP_WRITE
                        ? bytes
                        : bytes.slice(bytes.position(), MAX_HEAP_WRITE);
                int n = channel.write(part, size);
                if (part != bytes) {
                    bytes.position(bytes.position() + n);
                }
                size += n;
            }
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot write commit log segment " + file + " at offset " + size + ": " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot close commit log segment " + file + ": " + e, e);
        }
    }

    void closeQuietly() {
        try {
            channel.close();
        } catch (IOException e) {
            // Already failing; the first error is the one reported.
        }
    }
}
