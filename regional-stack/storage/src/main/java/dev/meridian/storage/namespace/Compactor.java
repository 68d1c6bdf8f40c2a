package dev.meridian.storage.namespace;

import dev.meridian.promql.labels.Labels;
import dev.meridian.storage.NamespaceOptions;
import dev.meridian.storage.block.Block;
import dev.meridian.storage.block.BlockWriter;
import dev.meridian.storage.chunk.Chunk;
import dev.meridian.storage.index.ChunkMeta;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.roaringbitmap.IntIterator;

/**
 * Merges adjacent blocks into larger ones: blocks of one {@code blockSize} into blocks of 3 ×
 * {@code blockSize}, those into 12 × {@code blockSize} (2h → 6h → 24h for raw data), each aligned
 * to its own size, as long as the larger size is at most half the retention (so retention can
 * still drop data in reasonable steps). A group is merged only once its whole window is flushed,
 * so it never has to be merged again. Chunks are copied as they are, not re-encoded.
 */
final class Compactor {
    private final long[] ranges;

    Compactor(NamespaceOptions options) {
        long block = options.blockSize().toMillis();
        long retention = options.retention().toMillis();
        List<Long> sizes = new ArrayList<>();
        for (long r : new long[] {3 * block, 12 * block}) {
            if (r <= retention / 2) {
                sizes.add(r);
            }
        }
        ranges = sizes.stream().mapToLong(Long::longValue).toArray();
    }

    /** A group of blocks to merge, with its window, or null if none is due. */
    record Plan(List<Block> sources, long minTime, long maxTime) {}

    /**
     * @param blocks the namespace's blocks, oldest first
     * @param flushedUpTo the end of the newest flushed window
     */
    Plan plan(List<Block> blocks, long flushedUpTo) {
        for (long range : ranges) {
            List<Block> group = new ArrayList<>();
            long groupStart = Long.MIN_VALUE;
            for (Block b : blocks) {
                long start = Math.floorDiv(b.meta().minTime(), range) * range;
                boolean fits = b.meta().maxTime() - b.meta().minTime() < range && b.meta().maxTime() <= start + range;
                if (start != groupStart) {
                    Plan due = due(group, groupStart, range, flushedUpTo);
                    if (due != null) {
                        return due;
                    }
                    group = new ArrayList<>();
                    groupStart = start;
                }
                if (fits) {
                    group.add(b);
                }
            }
            Plan due = due(group, groupStart, range, flushedUpTo);
            if (due != null) {
                return due;
            }
        }
        return null;
    }

    private static Plan due(List<Block> group, long start, long range, long flushedUpTo) {
        if (group.size() >= 2 && start + range <= flushedUpTo) {
            return new Plan(List.copyOf(group), start, start + range);
        }
        return null;
    }

    /** Writes the merged block and returns its directory; the sources are left for the caller to retire. */
    Path compact(Path blocksDir, Plan plan) {
        int level = 0;
        List<String> names = new ArrayList<>();
        for (Block b : plan.sources()) {
            level = Math.max(level, b.meta().level());
            names.add(b.name());
        }
        try (BlockWriter writer = BlockWriter.create(blocksDir, plan.minTime(), plan.maxTime(), level + 1, names)) {
            merge(plan.sources(), writer);
            return writer.finish();
        }
    }

    /** A k-way merge of the sources' series (each source's ids are in label order). */
    private static void merge(List<Block> sources, BlockWriter writer) {
        int n = sources.size();
        IntIterator[] ids = new IntIterator[n];
        int[] current = new int[n];
        Labels[] labels = new Labels[n];
        for (int i = 0; i < n; i++) {
            ids[i] = sources.get(i).index().allSeries().getIntIterator();
            advance(sources.get(i), ids[i], current, labels, i);
        }
        List<Chunk> chunks = new ArrayList<>();
        while (true) {
            Labels smallest = null;
            for (Labels l : labels) {
                if (l != null && (smallest == null || l.compareTo(smallest) < 0)) {
                    smallest = l;
                }
            }
            if (smallest == null) {
                return;
            }
            chunks.clear();
            for (int i = 0; i < n; i++) {
                if (labels[i] != null && labels[i].equals(smallest)) {
                    Block block = sources.get(i);
                    for (ChunkMeta meta : block.index().chunks(current[i])) {
                        chunks.add(block.chunk(meta));
                    }
                    advance(block, ids[i], current, labels, i);
                }
            }
            writer.add(smallest, chunks);
        }
    }

    private static void advance(Block block, IntIterator ids, int[] current, Labels[] labels, int i) {
        if (ids.hasNext()) {
            current[i] = ids.next();
            labels[i] = block.index().labels(current[i]);
        } else {
            labels[i] = null;
        }
    }
}
