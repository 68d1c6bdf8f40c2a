package dev.meridian.storage.chunk;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.storage.SampleIterator;
import java.util.List;

/**
 * Iterates the samples of a series held as chunks in time order (not overlapping), merged with
 * loose samples (the head's out-of-order samples, which never repeat a chunk timestamp). {@link
 * #seek} skips whole chunks by their time range without decoding them, so a query over a short
 * range of a long series decodes only the chunks it needs.
 */
public final class ChunkSequenceIterator implements SampleIterator {
    private final List<Chunk> chunks;
    private final long[] looseTimes;
    private final double[] looseValues;

    private int chunkIndex = -1;
    private SampleIterator chunk;
    private boolean chunkHasSample;
    private int loose;
    private boolean onLoose;
    private boolean started;
    private long timestamp;
    private double value;

    public ChunkSequenceIterator(List<Chunk> chunks, long[] looseTimes, double[] looseValues) {
        this.chunks = requireNonNull(chunks, "chunks is null");
        this.looseTimes = requireNonNull(looseTimes, "looseTimes is null");
        this.looseValues = requireNonNull(looseValues, "looseValues is null");
        if (looseTimes.length != looseValues.length) {
            throw new IllegalArgumentException("looseTimes and looseValues differ in length (" + looseTimes.length
                    + " != " + looseValues.length + ")");
        }
    }

    public static ChunkSequenceIterator of(List<Chunk> chunks) {
        return new ChunkSequenceIterator(chunks, new long[0], new double[0]);
    }

    @Override
    public boolean next() {
        if (!started) {
            started = true;
            advanceChunk();
        } else if (onLoose) {
            loose++;
        } else {
            chunkHasSample = chunk.next();
            if (!chunkHasSample) {
                advanceChunk();
            }
        }
        return settle();
    }

    @Override
    public boolean seek(long t) {
        if (started && (chunkHasSample || loose < looseTimes.length) && timestamp >= t) {
            return true;
        }
        started = true;
        // Skip whole chunks that end before t, then seek within the first that may hold it.
        if (chunk == null || !chunkHasSample || chunks.get(chunkIndex).maxTime() < t) {
            while (chunkIndex + 1 < chunks.size() && chunks.get(chunkIndex + 1).maxTime() < t) {
                chunkIndex++;
            }
            advanceChunk();
        }
        while (chunkHasSample) {
            if (chunk.seek(t)) {
                break;
            }
            advanceChunk();
        }
        while (loose < looseTimes.length && looseTimes[loose] < t) {
            loose++;
        }
        return settle();
    }

    /** Moves to the first sample of the next chunk that has one. */
    private void advanceChunk() {
        chunkHasSample = false;
        while (!chunkHasSample && chunkIndex + 1 < chunks.size()) {
            chunkIndex++;
            chunk = chunks.get(chunkIndex).iterator();
            chunkHasSample = chunk.next();
        }
    }

    /** Picks the earlier of the current chunk sample and the current loose sample. */
    private boolean settle() {
        boolean hasLoose = loose < looseTimes.length;
        if (!chunkHasSample && !hasLoose) {
            return false;
        }
        onLoose = hasLoose && (!chunkHasSample || looseTimes[loose] < chunk.timestamp());
        if (onLoose) {
            timestamp = looseTimes[loose];
            value = looseValues[loose];
        } else {
            timestamp = chunk.timestamp();
            value = chunk.value();
        }
        return true;
    }

    @Override
    public long timestamp() {
        return timestamp;
    }

    @Override
    public double value() {
        return value;
    }
}
