package dev.meridian.storage.block;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import dev.meridian.storage.files.DurableFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A block's {@code meta.json} (docs/format/block.md): the time window it covers, what it holds,
 * and which blocks a compaction made it from. Written last, just before the block directory is
 * renamed into place, so a block directory with a meta file is complete.
 *
 * @param format the block format version, {@value #FORMAT}
 * @param minTime start of the block's window, inclusive (ms)
 * @param maxTime end of the block's window, exclusive (ms)
 * @param level 1 for a block flushed from the head, one more than its sources' for a compacted one
 * @param series series in the block
 * @param chunks chunks in the block
 * @param samples samples in the block
 * @param chunkBytes bytes of the chunk segments
 * @param indexBytes bytes of the index file
 * @param sources directory names of the blocks compacted into this one; empty for level 1
 */
public record BlockMeta(
        @JsonProperty("format") int format,
        @JsonProperty("minTime") long minTime,
        @JsonProperty("maxTime") long maxTime,
        @JsonProperty("level") int level,
        @JsonProperty("series") long series,
        @JsonProperty("chunks") long chunks,
        @JsonProperty("samples") long samples,
        @JsonProperty("chunkBytes") long chunkBytes,
        @JsonProperty("indexBytes") long indexBytes,
        @JsonProperty("sources") List<String> sources) {
    public static final int FORMAT = 1;
    static final String FILE = "meta.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    public BlockMeta {
        requireNonNull(sources, "sources is null");
        sources = List.copyOf(sources);
        if (maxTime <= minTime) {
            throw new IllegalArgumentException("maxTime must be after minTime (got: " + minTime + ".." + maxTime + ")");
        }
        if (level < 1) {
            throw new IllegalArgumentException("level must be >= 1 (got: " + level + ")");
        }
    }

    /** Bytes on disk for the samples: chunks plus index. */
    public long bytes() {
        return chunkBytes + indexBytes;
    }

    /** True if the block's window and {@code [mint, maxt]} (inclusive) overlap. */
    public boolean overlaps(long mint, long maxt) {
        return minTime <= maxt && maxTime > mint;
    }

    static BlockMeta read(Path dir) {
        Path file = dir.resolve(FILE);
        BlockMeta meta;
        try {
            meta = JSON.readValue(file.toFile(), BlockMeta.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new StorageException(StorageErrorCode.CORRUPTION, "cannot read block meta " + file + ": " + e.getMessage(), e);
        }
        if (meta.format != FORMAT) {
            throw new StorageException(StorageErrorCode.CORRUPTION, "block meta " + file + " has format " + meta.format
                    + ", this node reads format " + FORMAT);
        }
        return meta;
    }

    void write(Path dir) {
        try {
            DurableFiles.write(dir.resolve(FILE), JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot write block meta in " + dir + ": " + e.getMessage(), e);
        }
    }
}
