package dev.meridian.storage.query;

import dev.meridian.promql.labels.Labels;
import dev.meridian.storage.chunk.Chunk;
import java.util.List;

/**
 * The data one source (a block, or the head) holds of one series in the range being read. Parts
 * of the same series from different sources cover disjoint, ordered time ranges.
 */
interface SeriesPart {
    Labels labels();

    /** The chunks, read when asked (block chunks come from mapped files), in time order. */
    List<Chunk> chunks();

    /** Loose samples to merge in (the head's out-of-order samples); empty for blocks. */
    long[] looseTimes();

    double[] looseValues();
}
