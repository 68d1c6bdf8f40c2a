package dev.meridian.storage.block;

import static java.util.Objects.requireNonNull;

import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import dev.meridian.storage.chunk.Chunk;
import dev.meridian.storage.chunk.ChunkEncoding;
import dev.meridian.storage.files.DurableFiles;
import dev.meridian.storage.index.ChunkMeta;
import dev.meridian.storage.index.IndexFile;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * An immutable block on disk: its meta, its index and its memory-mapped chunk segments (see
 * {@link BlockWriter}). Thread-safe. Mappings are released by the garbage collector, never
 * explicitly, so a query still reading a block that compaction or retention deleted stays safe.
 */
public final class Block {
    private final Path dir;
    private final BlockMeta meta;
    private final IndexFile index;
    private final MappedByteBuffer[] segments;

    private Block(Path dir, BlockMeta meta, IndexFile index, MappedByteBuffer[] segments) {
        this.dir = dir;
        this.meta = meta;
        this.index = index;
        this.segments = segments;
    }

    /** The directory name of the block for the window {@code [minTime, maxTime)}. */
    public static String name(long minTime, long maxTime) {
        return "b" + minTime + "_" + maxTime;
    }

    /**
     * Opens a block directory.
     *
     * @throws StorageException {@code CORRUPTION} if its meta, index or chunk headers are invalid
     */
    public static Block open(Path dir) {
        requireNonNull(dir, "dir is null");
        BlockMeta meta = BlockMeta.read(dir);
        IndexFile index = IndexFile.open(dir.resolve(BlockWriter.INDEX_FILE));
        List<MappedByteBuffer> segments = new ArrayList<>();
        Path chunksDir = dir.resolve(BlockWriter.CHUNKS_DIR);
        try (Stream<Path> files = Files.list(chunksDir)) {
            List<Path> sorted = files.sorted().toList();
            for (int i = 0; i < sorted.size(); i++) {
                Path file = sorted.get(i);
                if (!file.getFileName().toString().equals(String.format("%06d", i + 1))) {
                    throw corrupt(dir, "chunk segments are not numbered 1.." + sorted.size() + ": found " + file.getFileName());
                }
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
                    map.order(ByteOrder.LITTLE_ENDIAN);
                    if (map.limit() < BlockChunksWriter.HEADER_BYTES || map.getInt(0) != Integer.reverseBytes(BlockChunksWriter.MAGIC)
                            && map.getInt(0) != BlockChunksWriter.MAGIC) {
                        throw corrupt(dir, "chunk segment " + file.getFileName() + " does not start with the chunk magic");
                    }
                    if (map.get(4) != BlockChunksWriter.VERSION) {
                        throw corrupt(dir, "chunk segment " + file.getFileName() + " has format version " + map.get(4));
                    }
                    segments.add(map);
                }
            }
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot open block " + dir + ": " + e.getMessage(), e);
        }
        return new Block(dir, meta, index, segments.toArray(new MappedByteBuffer[0]));
    }

    public Path dir() {
        return dir;
    }

    public String name() {
        return dir.getFileName().toString();
    }

    public BlockMeta meta() {
        return meta;
    }

    public IndexFile index() {
        return index;
    }

    /**
     * Reads a chunk the index points to and checks its CRC.
     *
     * @throws StorageException {@code CORRUPTION} if the reference or the checksum is wrong
     */
    public Chunk chunk(ChunkMeta chunkMeta) {
        long ref = chunkMeta.ref();
        int segment = (int) (ref >>> 32);
        int offset = (int) ref;
        if (segment < 1 || segment > segments.length) {
            throw corrupt(dir, "chunk reference " + Long.toHexString(ref) + " names segment " + segment + " of " + segments.length);
        }
        MappedByteBuffer map = segments[segment - 1];
        try {
            int pos = offset;
            byte encodingId = map.get(pos++);
            long samples = 0;
            int shift = 0;
            byte b;
            do {
                b = map.get(pos++);
                samples |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
            long length = 0;
            shift = 0;
            do {
                b = map.get(pos++);
                length |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
            if (length > map.limit() - pos - 4 || samples <= 0 || samples > 0xFFFF) {
                throw corrupt(dir, "chunk at " + Long.toHexString(ref) + " has an impossible header (" + samples
                        + " samples, " + length + " bytes)");
            }
            byte[] data = new byte[(int) length];
            map.get(pos, data);
            CRC32C crc = new CRC32C();
            crc.update(map.slice(offset, pos - offset + (int) length));
            int stored = map.getInt(pos + (int) length);
            if ((int) crc.getValue() != stored) {
                throw corrupt(dir, "chunk at " + Long.toHexString(ref) + " fails its CRC32C check");
            }
            return new Chunk(ChunkEncoding.fromId(encodingId), data, (int) samples, chunkMeta.minTime(), chunkMeta.maxTime());
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw corrupt(dir, "chunk at " + Long.toHexString(ref) + " is malformed: " + e.getMessage());
        }
    }

    /** Deletes the block's files (mappings stay valid until collected). */
    public void delete() {
        DurableFiles.deleteRecursively(dir);
    }

    @Override
    public String toString() {
        return name() + " [" + meta.minTime() + ", " + meta.maxTime() + ") level " + meta.level() + ", " + meta.series() + " series";
    }

    private static StorageException corrupt(Path dir, String what) {
        return new StorageException(StorageErrorCode.CORRUPTION, "block " + dir + ": " + what);
    }
}
