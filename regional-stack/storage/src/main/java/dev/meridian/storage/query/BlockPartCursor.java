package dev.meridian.storage.query;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.storage.block.Block;
import dev.meridian.storage.chunk.Chunk;
import dev.meridian.storage.index.ChunkMeta;
import java.util.ArrayList;
import java.util.List;
import org.roaringbitmap.IntIterator;

/**
 * The series of one block that match, in label order (a block's series ids are its label order),
 * each with the chunks overlapping {@code [mint, maxt]}. Chunks are read from the mapped file
 * only when the part's {@link SeriesPart#chunks()} is called.
 */
final class BlockPartCursor implements PartCursor {
    private final Block block;
    private final IntIterator ids;
    private final long mint;
    private final long maxt;
    private SeriesPart current;

    BlockPartCursor(Block block, List<LabelMatcher> matchers, long mint, long maxt) {
        this.block = block;
        this.ids = block.index().select(matchers).getIntIterator();
        this.mint = mint;
        this.maxt = maxt;
    }

    @Override
    public boolean next() {
        while (ids.hasNext()) {
            int id = ids.next();
            List<ChunkMeta> overlapping = null;
            for (ChunkMeta meta : block.index().chunks(id)) {
                if (meta.maxTime() >= mint && meta.minTime() <= maxt) {
                    if (overlapping == null) {
                        overlapping = new ArrayList<>(4);
                    }
                    overlapping.add(meta);
                }
            }
            if (overlapping != null) {
                current = new Part(block, block.index().labels(id), overlapping);
                return true;
            }
        }
        current = null;
        return false;
    }

    @Override
    public SeriesPart at() {
        return current;
    }

    private record Part(Block block, Labels labels, List<ChunkMeta> metas) implements SeriesPart {
        private static final long[] NO_TIMES = new long[0];
        private static final double[] NO_VALUES = new double[0];

        @Override
        public List<Chunk> chunks() {
            List<Chunk> chunks = new ArrayList<>(metas.size());
            for (ChunkMeta meta : metas) {
                chunks.add(block.chunk(meta));
            }
            return chunks;
        }

        @Override
        public long[] looseTimes() {
            return NO_TIMES;
        }

        @Override
        public double[] looseValues() {
            return NO_VALUES;
        }
    }
}
