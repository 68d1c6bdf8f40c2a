package dev.meridian.storage;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import dev.meridian.storage.chunk.Chunk;
import java.util.List;

/** A series with its encoded chunks, as a fetch returns them: chunks in time order, not overlapping. */
public record ChunkedSeries(Labels labels, List<Chunk> chunks) {
    public ChunkedSeries {
        requireNonNull(labels, "labels is null");
        chunks = List.copyOf(chunks);
    }
}
