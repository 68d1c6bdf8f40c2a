package dev.meridian.storage.commitlog;

import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The segment file the log appends to. Used by one thread at a time: whichever holds the log's
 * write turn (its writer thread or an appender), or {@link CommitLog#open} before that starts.
 * Failures become {@link StorageErrorCode#IO} naming the file and offset.
 *
 * <p>Appender threads write here, and a request thread may be interrupted at any time (a
 * cancelled call). A {@link java.nio.channels.FileChannel} closes itself for everyone when a
 * thread using it is interrupted, so this class uses {@link RandomAccessFile}'s stream I/O and
 * {@link java.io.FileDescriptor#sync()}, which interrupts do not affect.
 */
final class SegmentWriter implements AutoCloseable {
    private final long segment;
    private final Path file;
    private final RandomAccessFile out;
    /** The file's size: where the next frame goes. */
    private long size;
    private long records;
    private volatile boolean closed;

    private SegmentWriter(long segment, Path file, RandomAccessFile out, long size, long records) throws IOException {
        this.segment = segment;
        this.file = file;
        this.out = out;
        this.size = size;
        this.records = records;
        out.seek(size);
    }

    /** Creates segment {@code segment}'s file, which must not exist, and writes its header (not synced). */
    static SegmentWriter create(Path directory, long segment) {
        Path file = SegmentFormat.file(directory, segment);
        SegmentWriter writer;
        try {
            Files.createFile(file);
            writer = new SegmentWriter(segment, file, new RandomAccessFile(file.toFile(), "rw"), 0, 0);
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot create commit log segment " + file + ": " + e, e);
        }
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
        RandomAccessFile out;
        try {
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString());
            }
            out = new RandomAccessFile(file.toFile(), "rw");
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot open commit log segment " + file + ": " + e, e);
        }
        try {
            SegmentWriter writer = new SegmentWriter(segment, file, out, size, records);
            if (out.length() > size) {
                out.setLength(size);
                writer.force();
            }
            return writer;
        } catch (IOException e) {
            closeQuietly(out);
            throw new StorageException(StorageErrorCode.IO, "cannot truncate commit log segment " + file + " to offset " + size + ": " + e, e);
        }
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

    /**
     * Appends frames holding {@code frameCount} records from a heap buffer's position to its
     * limit; they must start where the file ends.
     */
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

    /** fsync: the file's data and size (and, with {@code FileDescriptor.sync}, its times). */
    void force() {
        try {
            out.getFD().sync();
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot fsync commit log segment " + file + " (" + size + " bytes): " + e, e);
        }
    }

    /** Writes a heap buffer's remaining bytes at the end of the file. */
    private void write(ByteBuffer bytes) {
        int length = bytes.remaining();
        try {
            out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), length);
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot write commit log segment " + file + " at offset " + size + ": " + e, e);
        }
        bytes.position(bytes.limit());
        size += length;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot close commit log segment " + file + ": " + e, e);
        }
    }

    void closeQuietly() {
        closed = true;
        closeQuietly(out);
    }

    private static void closeQuietly(RandomAccessFile out) {
        try {
            out.close();
        } catch (IOException e) {
            // Already failing; the first error is the one reported.
        }
    }
}
