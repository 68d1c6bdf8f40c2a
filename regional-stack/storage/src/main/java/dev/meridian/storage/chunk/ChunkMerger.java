package dev.meridian.storage.chunk;

import java.util.ArrayList;
import java.util.List;

/**
 * Re-encodes chunks with loose samples merged in (the head's out-of-order samples), so that what
 * leaves the head — a block, a fetch — is plain chunks in time order. Only series that received
 * out-of-order samples pay for this.
 */
public final class ChunkMerger {
    private ChunkMerger() {}

    /**
     * @param chunks chunks in time order, not overlapping
     * @param looseTimes ascending timestamps, none equal to a chunk's sample
     * @param looseValues their values
     * @return chunks of at most {@link ChunkAppender#MAX_SAMPLES} holding all the samples in order
     */
    public static List<Chunk> merge(List<Chunk> chunks, long[] looseTimes, double[] looseValues, ChunkEncoding encoding) {
        if (looseTimes.length == 0) {
            return chunks;
        }
        ChunkSequenceIterator it = new ChunkSequenceIterator(chunks, looseTimes, looseValues);
        List<Chunk> merged = new ArrayList<>();
        ChunkAppender appender = Chunks.newAppender(encoding);
        while (it.next()) {
            if (!appender.append(it.timestamp(), it.value())) {
                merged.add(appender.snapshot());
                appender = Chunks.newAppender(encoding);
                appender.append(it.timestamp(), it.value());
            }
        }
        if (appender.numSamples() > 0) {
            merged.add(appender.snapshot());
        }
        return merged;
    }
}
