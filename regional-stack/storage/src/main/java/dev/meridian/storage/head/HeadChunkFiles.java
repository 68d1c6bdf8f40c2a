package dev.meridian.storage.head;

import static java.util.Objects.requireNonNull;

import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import dev.meridian.storage.chunk.Chunk;
import dev.meridian.storage.chunk.ChunkEncoding;
import dev.meridian.storage.files.DurableFiles;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Sealed head chunks of one block window, memory-mapped so that the head keeps only each series'
 * open chunk on the heap. Chunks are appended to fixed-size files {@code 000001}, {@code
 * 000002}, ... in the window's directory and addressed by a {@code long} reference: file number
 * in the high 32 bits, byte offset in the low 32. Each chunk is stored as (docs/format/head-chunks.md):
 *
 * <pre>
 * u8  encoding id
 * u8  reserved (0)
 * u16 sample count (little-endian)
 * i64 min time, i64 max time (little-endian)
 * u32 data length, then the encoded stream
 * </pre>
 *
 * The files need no fsync: the commit log is what makes samples durable; the files only spare
 * memory and, after a clean shutdown, the replay. A window's directory is deleted as a whole once
 * the window is flushed to a block. Thread-safe: appends are serialized, reads are lock-free.
 */
final class HeadChunkFiles implements AutoCloseable {
    static final int HEADER_BYTES = 24;
    static final int DEFAULT_FILE_BYTES = 64 << 20;

    private final Path dir;
    private final int fileBytes;
    private final List<MappedByteBuffer> files = new ArrayList<>();
    private volatile MappedByteBuffer[] readable = new MappedByteBuffer[0];
    private MappedByteBuffer current;
    private int currentNumber;
    private long bytesWritten;

    private HeadChunkFiles(Path dir, int fileBytes) {
        this.dir = dir;
        this.fileBytes = fileBytes;
    }

    /** Creates the directory for a new, empty window. Any files in it are deleted first. */
    static HeadChunkFiles create(Path dir, int fileBytes) {
        requireNonNull(dir, "dir is null");
        if (fileBytes < 4096) {
            throw new IllegalArgumentException("fileBytes must be >= 4096 (got: " + fileBytes + ")");
        }
        DurableFiles.deleteRecursively(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot create head chunk directory " + dir + ": " + e.getMessage(), e);
        }
        return new HeadChunkFiles(dir, fileBytes);
    }

    Path dir() {
        return dir;
    }

    /** Stores a sealed chunk and returns its reference. */
    synchronized long append(Chunk chunk) {
        int size = HEADER_BYTES + chunk.data().length;
        if (size > fileBytes) {
            throw new IllegalArgumentException("chunk of " + size + " bytes does not fit a head chunk file of " + fileBytes);
        }
        if (current == null || current.remaining() < size) {
            newFile();
        }
        int offset = current.position();
        current.put(chunk.encoding().id());
        current.put((byte) 0);
        current.putShort((short) chunk.numSamples());
        current.putLong(chunk.minTime());
        current.putLong(chunk.maxTime());
        current.putInt(chunk.data().length);
        current.put(chunk.data());
        bytesWritten += size;
        return ((long) currentNumber << 32) | offset;
    }

    /** Reads the chunk at {@code ref}. */
    Chunk read(long ref) {
        int offset = (int) ref;
        MappedByteBuffer file = file(ref);
        ChunkEncoding encoding = ChunkEncoding.fromId(file.get(offset));
        int samples = Short.toUnsignedInt(file.getShort(offset + 2));
        long minTime = file.getLong(offset + 4);
        long maxTime = file.getLong(offset + 12);
        int length = file.getInt(offset + 20);
        byte[] data = new byte[length];
        file.get(offset + HEADER_BYTES, data);
        return new Chunk(encoding, data, samples, minTime, maxTime);
    }

    /** Timestamp of the first sample of the chunk at {@code ref}, read from its header. */
    long minTime(long ref) {
        return file(ref).getLong((int) ref + 4);
    }

    /** Timestamp of the last sample of the chunk at {@code ref}, read from its header. */
    long maxTime(long ref) {
        return file(ref).getLong((int) ref + 12);
    }

    private MappedByteBuffer file(long ref) {
        int number = (int) (ref >>> 32);
        MappedByteBuffer[] mapped = readable;
        if (number < 1 || number > mapped.length) {
            throw new StorageException(StorageErrorCode.CORRUPTION, "head chunk reference " + Long.toHexString(ref)
                    + " points to file " + number + " of " + mapped.length + " in " + dir);
        }
        return mapped[number - 1];
    }

    /** Bytes of chunks stored so far. */
    synchronized long bytesWritten() {
        return bytesWritten;
    }

    /** Forces the files to disk (for a head snapshot). */
    synchronized void force() {
        for (MappedByteBuffer file : files) {
            file.force();
        }
    }

    private void newFile() {
        currentNumber = files.size() + 1;
        Path path = dir.resolve(String.format("%06d", currentNumber));
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            current = channel.map(FileChannel.MapMode.READ_WRITE, 0, fileBytes);
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot create head chunk file " + path + ": " + e.getMessage(), e);
        }
        current.order(ByteOrder.LITTLE_ENDIAN);
        files.add(current);
        readable = files.toArray(new MappedByteBuffer[0]);
    }

    /** Opens the files a clean shutdown left, for a head restored from its snapshot. */
    static HeadChunkFiles reopen(Path dir, int fileBytes) {
        HeadChunkFiles chunks = new HeadChunkFiles(dir, fileBytes);
        try (Stream<Path> paths = Files.list(dir)) {
            List<Path> numbered = paths.filter(p -> p.getFileName().toString().matches("\\d{6}"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
            for (int i = 0; i < numbered.size(); i++) {
                Path path = numbered.get(i);
                if (!path.getFileName().toString().equals(String.format("%06d", i + 1))) {
                    throw new StorageException(StorageErrorCode.CORRUPTION, "head chunk files in " + dir
                            + " are not numbered 1.." + numbered.size() + ": found " + path.getFileName());
                }
                try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    MappedByteBuffer file = channel.map(FileChannel.MapMode.READ_WRITE, 0, fileBytes);
                    file.order(ByteOrder.LITTLE_ENDIAN);
                    chunks.files.add(file);
                }
            }
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot open head chunk files in " + dir + ": " + e.getMessage(), e);
        }
        chunks.readable = chunks.files.toArray(new MappedByteBuffer[0]);
        chunks.currentNumber = chunks.files.size();
        return chunks;
    }

    /** Continues appending at {@code end} of the last file (the position the snapshot recorded). */
    synchronized void resumeAt(long end) {
        if (files.isEmpty()) {
            return;
        }
        int number = (int) (end >>> 32);
        int offset = (int) end;
        if (number != files.size()) {
            throw new StorageException(StorageErrorCode.CORRUPTION, "head chunk snapshot position " + Long.toHexString(end)
                    + " is not in the last of " + files.size() + " files in " + dir);
        }
        current = files.get(number - 1);
        current.position(offset);
    }

    /** The position where the next chunk will go, for a snapshot. */
    synchronized long end() {
        if (current == null) {
            return 0;
        }
        return ((long) currentNumber << 32) | current.position();
    }

    @Override
    public synchronized void close() {
        files.clear();
        readable = new MappedByteBuffer[0];
        current = null;
    }

    /** Drops the window: closes and deletes its files. Mappings go when the buffers are collected. */
    void delete() {
        close();
        DurableFiles.deleteRecursively(dir);
    }
}
