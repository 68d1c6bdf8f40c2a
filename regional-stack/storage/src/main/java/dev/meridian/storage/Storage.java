package dev.meridian.storage;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.storage.Queryable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A storage node's data: named namespaces of series. What the node server exposes over gRPC, and
 * what PromQL runs on ({@link #queryable}). Thread-safe.
 */
public interface Storage extends AutoCloseable {
    /** The namespaces this node holds. */
    Set<String> namespaces();

    /**
     * Writes a batch into a namespace and returns once it is durable per the commit log policy
     * ({@code fsync=always}: on disk; interval: written, synced within the interval). Series that
     * fail validation or whose samples are out of bounds are reported, not thrown; the other series
     * of the batch are written.
     *
     * @throws StorageException {@link StorageErrorCode#UNKNOWN_NAMESPACE}, {@link
     *     StorageErrorCode#NOT_READY} or {@link StorageErrorCode#IO}
     */
    WriteResult write(String namespace, WriteBatch batch);

    /** The namespace for PromQL. */
    Queryable queryable(String namespace);

    /**
     * Hands {@code consumer} every series matching all {@code matchers} that has samples in
     * {@code [mint, maxt]}, in label order, with its chunks that overlap the range (chunks are
     * whole: they may hold samples outside it).
     */
    void fetch(String namespace, List<LabelMatcher> matchers, long mint, long maxt, Consumer<ChunkedSeries> consumer);

    /** Label names of series matching all {@code matchers} (all series if none) with samples in the range, sorted. */
    List<String> labelNames(String namespace, List<LabelMatcher> matchers, long mint, long maxt);

    /** Values of {@code name} among series matching all {@code matchers} with samples in the range, sorted. */
    List<String> labelValues(String namespace, String name, List<LabelMatcher> matchers, long mint, long maxt);

    Health health();

    /**
     * The time range of the samples each namespace holds, head and blocks together, by namespace
     * name in name order. Cheap (no data is read), and therefore bounds rather than exact times:
     * the minimum is the start of the oldest block's window, or of the head's oldest window with
     * samples (windows are aligned to the block size, and a compacted block's to its longer span,
     * so the oldest sample may be that much later); the maximum is the newest sample the head accepted, or,
     * when the head holds no samples, the last millisecond of the newest block's window. A
     * namespace without samples has {@link TimeRange#EMPTY}.
     */
    Map<String, TimeRange> timeRanges();

    /** Flushes what a clean restart needs (the head snapshot) and releases files. */
    @Override
    void close();
}
