package dev.meridian.storage.block;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import dev.meridian.storage.chunk.Chunk;
import dev.meridian.storage.files.DurableFiles;
import dev.meridian.storage.index.ChunkMeta;
import dev.meridian.storage.index.IndexWriter;
import dev.meridian.storage.index.PostingsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one block: series in label order, each with its chunks in time order. Everything goes
 * to a hidden temporary directory; {@link #finish()} syncs the files, writes {@code meta.json}
 * and renames the directory into place, so a block is either complete or absent after a crash
 * (docs/format/block.md). Closing an unfinished writer deletes what it wrote.
 */
public final class BlockWriter implements AutoCloseable {
    static final String CHUNKS_DIR = "chunks";
    static final String INDEX_FILE = "index";
    static final String TMP_PREFIX = ".tmp-";

    private final Path blocksDir;
    private final String name;
    private final Path tmp;
    private final long minTime;
    private final long maxTime;
    private final int level;
    private final List<String> sources;
    private final BlockChunksWriter chunks;
    private final IndexWriter index;
    private final List<ChunkMeta> metas = new ArrayList<>();
    private long seriesCount;
    private long chunkCount;
    private long sampleCount;
    private boolean finished;

    private BlockWriter(Path blocksDir, long minTime, long maxTime, int level, List<String> sources, long segmentBytes,
            PostingsReader headIndex) {
        this.blocksDir = blocksDir;
        this.name = Block.name(minTime, maxTime);
        this.tmp = blocksDir.resolve(TMP_PREFIX + name);
        this.minTime = minTime;
        this.maxTime = maxTime;
        this.level = level;
        this.sources = List.copyOf(sources);
        DurableFiles.deleteRecursively(tmp);
        this.chunks = new BlockChunksWriter(tmp.resolve(CHUNKS_DIR), segmentBytes);
        this.index = headIndex == null
                ? IndexWriter.create(tmp.resolve(INDEX_FILE))
                : IndexWriter.create(tmp.resolve(INDEX_FILE), headIndex);
    }

    /**
     * Starts the block of a head window {@code [minTime, maxTime)} (level 1). Its postings are
     * read from {@code headIndex} when it finishes instead of being collected per series, so a
     * flush does not build a second index of the head ({@link IndexWriter#create(Path,
     * PostingsReader)}); series are added with {@link #add(int, Labels, List)}.
     */
    public static BlockWriter createFlush(Path blocksDir, long minTime, long maxTime, PostingsReader headIndex) {
        requireNonNull(headIndex, "headIndex is null");
        checkWindow(blocksDir, minTime, maxTime);
        return new BlockWriter(blocksDir, minTime, maxTime, 1, List.of(), BlockChunksWriter.DEFAULT_SEGMENT_BYTES, headIndex);
    }

    /**
     * Starts a block for the window {@code [minTime, maxTime)}.
     *
     * @param level 1 for a flush from the head, more for a compaction
     * @param sources names of the blocks a compaction merges, else empty
     */
    public static BlockWriter create(Path blocksDir, long minTime, long maxTime, int level, List<String> sources) {
        return create(blocksDir, minTime, maxTime, level, sources, BlockChunksWriter.DEFAULT_SEGMENT_BYTES);
    }

    static BlockWriter create(Path blocksDir, long minTime, long maxTime, int level, List<String> sources, long segmentBytes) {
        requireNonNull(sources, "sources is null");
        checkWindow(blocksDir, minTime, maxTime);
        return new BlockWriter(blocksDir, minTime, maxTime, level, sources, segmentBytes, null);
    }

    private static void checkWindow(Path blocksDir, long minTime, long maxTime) {
        requireNonNull(blocksDir, "blocksDir is null");
        if (maxTime <= minTime) {
            throw new IllegalArgumentException("block window must not be empty (got: " + minTime + ".." + maxTime + ")");
        }
    }

    /**
     * Adds a series; series come in strictly increasing label order, chunks in time order inside
     * the block's window.
     *
     * @throws IllegalArgumentException if a chunk lies outside the window or overlaps the previous
     */
    public void add(Labels labels, List<Chunk> seriesChunks) {
        if (writeChunks(labels, seriesChunks)) {
            index.addSeries(labels, metas);
            seriesCount++;
        }
    }

    /**
     * Adds a series that is {@code headRef} in the head index, for a writer made by {@link
     * #createFlush}; otherwise as {@link #add(Labels, List)}.
     */
    public void add(int headRef, Labels labels, List<Chunk> seriesChunks) {
        if (writeChunks(labels, seriesChunks)) {
            index.addSeries(headRef, labels, metas);
            seriesCount++;
        }
    }

    /** Writes the chunks and collects their metas; false if there are none. */
    private boolean writeChunks(Labels labels, List<Chunk> seriesChunks) {
        if (seriesChunks.isEmpty()) {
            return false;
        }
        metas.clear();
        long previousMax = Long.MIN_VALUE;
        for (Chunk chunk : seriesChunks) {
            if (chunk.minTime() < minTime || chunk.maxTime() >= maxTime) {
                throw new IllegalArgumentException("chunk " + chunk.minTime() + ".." + chunk.maxTime() + " of " + labels
                        + " lies outside the block window " + minTime + ".." + maxTime);
            }
            if (!metas.isEmpty() && chunk.minTime() <= previousMax) {
                throw new IllegalArgumentException("chunks of " + labels + " overlap or are out of order at " + chunk.minTime());
            }
            previousMax = chunk.maxTime();
            metas.add(new ChunkMeta(chunk.minTime(), chunk.maxTime(), chunks.write(chunk)));
            chunkCount++;
            sampleCount += chunk.numSamples();
        }
        return true;
    }

    /** Series added so far. */
    public long seriesCount() {
        return seriesCount;
    }

    /** Syncs the files, writes the meta file and moves the block into place; returns its directory. */
    public Path finish() {
        chunks.close();
        index.finish();
        index.close();
        long chunkBytes = DurableFiles.size(tmp.resolve(CHUNKS_DIR));
        long indexBytes = DurableFiles.size(tmp.resolve(INDEX_FILE));
        BlockMeta meta = new BlockMeta(BlockMeta.FORMAT, minTime, maxTime, level, seriesCount, chunkCount, sampleCount,
                chunkBytes, indexBytes, sources);
        meta.write(tmp);
        DurableFiles.forceDirectory(tmp.resolve(CHUNKS_DIR));
        DurableFiles.forceDirectory(tmp);
        Path target = blocksDir.resolve(name);
        if (Files.exists(target)) {
            throw new StorageException(StorageErrorCode.IO, "block " + target + " exists already");
        }
        DurableFiles.rename(tmp, target);
        finished = true;
        return target;
    }

    @Override
    public void close() {
        if (!finished) {
            try {
                chunks.close();
                index.close();
            } finally {
                DurableFiles.deleteRecursively(tmp);
            }
        }
    }
}
