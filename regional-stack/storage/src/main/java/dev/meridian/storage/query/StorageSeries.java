package dev.meridian.storage.query;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.SampleIterator;
import dev.meridian.promql.storage.Series;
import dev.meridian.storage.StorageException;
import dev.meridian.storage.chunk.Chunk;
import dev.meridian.storage.chunk.ChunkSequenceIterator;
import java.util.ArrayList;
import java.util.List;

/** A selected series: its parts from blocks and head, decoded lazily when iterated. */
final class StorageSeries implements Series {
    private final Labels labels;
    private final List<SeriesPart> parts;

    StorageSeries(Labels labels, List<SeriesPart> parts) {
        this.labels = labels;
        this.parts = List.copyOf(parts);
    }

    @Override
    public Labels labels() {
        return labels;
    }

    @Override
    public SampleIterator iterator() {
        try {
            return newIterator();
        } catch (StorageException e) {
            throw forPromql(e);
        }
    }

    /** The engine's error type for a storage failure, keeping the code in the message. */
    static dev.meridian.promql.storage.StorageException forPromql(StorageException e) {
        return new dev.meridian.promql.storage.StorageException("storage " + e.code() + ": " + e.getMessage(), e);
    }

    private SampleIterator newIterator() {
        if (parts.size() == 1) {
            SeriesPart part = parts.get(0);
            return new ChunkSequenceIterator(part.chunks(), part.looseTimes(), part.looseValues());
        }
        List<Chunk> chunks = new ArrayList<>();
        SeriesPart withLoose = null;
        for (SeriesPart part : parts) {
            chunks.addAll(part.chunks());
            if (part.looseTimes().length > 0) {
                withLoose = part;
            }
        }
        return withLoose == null
                ? ChunkSequenceIterator.of(chunks)
                : new ChunkSequenceIterator(chunks, withLoose.looseTimes(), withLoose.looseValues());
    }

    /** The chunks of all parts in time order (loose samples are the caller's concern). */
    List<Chunk> chunks() {
        List<Chunk> chunks = new ArrayList<>();
        for (SeriesPart part : parts) {
            chunks.addAll(part.chunks());
        }
        return chunks;
    }

    long[] looseTimes() {
        for (SeriesPart part : parts) {
            if (part.looseTimes().length > 0) {
                return part.looseTimes();
            }
        }
        return new long[0];
    }

    double[] looseValues() {
        for (SeriesPart part : parts) {
            if (part.looseValues().length > 0) {
                return part.looseValues();
            }
        }
        return new double[0];
    }
}
