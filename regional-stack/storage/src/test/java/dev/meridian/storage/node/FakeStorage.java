package dev.meridian.storage.node;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.Queryable;
import dev.meridian.storage.ChunkedSeries;
import dev.meridian.storage.Health;
import dev.meridian.storage.SeriesError;
import dev.meridian.storage.Storage;
import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import dev.meridian.storage.TimeRange;
import dev.meridian.storage.WriteBatch;
import dev.meridian.storage.WriteResult;
import dev.meridian.storage.chunk.Chunk;
import dev.meridian.storage.chunk.ChunkAppender;
import dev.meridian.storage.chunk.ChunkEncoding;
import dev.meridian.storage.series.SeriesLimits;
import dev.meridian.storage.series.SeriesValidator;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A hand-written in-memory {@link Storage} for the node server's tests. It keeps every sample in
 * sorted maps and follows the {@link Storage} contract where the server can observe it:
 *
 * <ul>
 *   <li>a write validates each series with {@link SeriesValidator} ({@code INVALID_SERIES}) and
 *       refuses samples before {@link #rejectBefore} ({@code SAMPLE_OUT_OF_BOUNDS}), writing the
 *       rest;
 *   <li>a fetch hands series over in label order, each with its samples in "chunks" of at most
 *       {@link ChunkAppender#MAX_SAMPLES} that overlap the range, and lets consumer exceptions
 *       propagate (it records how each fetch ended, see {@link #awaitFetchOutcome});
 *   <li>an unknown namespace is {@code UNKNOWN_NAMESPACE}; {@link #failWith} makes every call
 *       throw a given failure.
 * </ul>
 *
 * Its chunks are labelled {@link ChunkEncoding#XOR} but hold the samples as plain big-endian
 * (timestamp, value bits) pairs, which {@link #decode} reads back: the node never looks inside a
 * chunk, so tests only need to recognise the bytes. {@link #queryable} is not supported.
 */
final class FakeStorage implements Storage {
    static final int ENDLESS_CHUNK_BYTES = 64 << 10;
    static final int ENDLESS_LIMIT = 1 << 14;

    private final Map<String, TreeMap<Labels, TreeMap<Long, Double>>> namespaces = new HashMap<>();
    private final SeriesValidator validator = new SeriesValidator(SeriesLimits.DEFAULT);
    private final BlockingQueue<String> fetchOutcomes = new LinkedBlockingQueue<>();
    private volatile Health health = new Health(true, "ready");
    private volatile RuntimeException failure;
    private volatile long rejectBefore = Long.MIN_VALUE;
    private volatile boolean endless;

    FakeStorage(String... namespaces) {
        for (String namespace : namespaces) {
            this.namespaces.put(namespace, new TreeMap<>());
        }
    }

    /** Back to the state of a new instance: no series, ready, no failure, no limits. */
    synchronized void reset() {
        namespaces.values().forEach(Map::clear);
        fetchOutcomes.clear();
        health = new Health(true, "ready");
        failure = null;
        rejectBefore = Long.MIN_VALUE;
        endless = false;
    }

    /** Every call but {@link #health} throws {@code failure} until it is set to null. */
    void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    void setHealth(Health health) {
        this.health = requireNonNull(health, "health is null");
    }

    /** Samples before {@code t} are refused as {@code SAMPLE_OUT_OF_BOUNDS}. */
    void rejectBefore(long t) {
        this.rejectBefore = t;
    }

    /**
     * Makes every fetch, whatever it asks for, hand out made-up series with one {@link
     * #ENDLESS_CHUNK_BYTES} chunk each until the consumer throws: a fetch too large to finish,
     * for testing that a cancelled call stops it. Gives up after {@link #ENDLESS_LIMIT} series
     * (reported as {@code "completed"}) so that a broken cancellation fails a test, not hangs it.
     */
    void streamEndlessly() {
        this.endless = true;
    }

    /**
     * How the next fetch that has not been reported yet ended: {@code "completed"}, or the simple
     * class name of the exception that ended it; null if none ended within the timeout.
     */
    String awaitFetchOutcome(Duration timeout) throws InterruptedException {
        return fetchOutcomes.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized Set<String> namespaces() {
        return Set.copyOf(namespaces.keySet());
    }

    @Override
    public synchronized WriteResult write(String namespace, WriteBatch batch) {
        TreeMap<Labels, TreeMap<Long, Double>> series = namespace(namespace);
        long written = 0;
        List<SeriesError> errors = new ArrayList<>();
        for (int entry = 0; entry < batch.size(); entry++) {
            int first = batch.firstSample(entry);
            int end = batch.endSample(entry);
            String problem = validator.problem(batch.labels(entry).bytes());
            if (problem != null) {
                errors.add(new SeriesError(batch.labels(entry).toString(), StorageErrorCode.INVALID_SERIES, problem,
                        end - first));
                continue;
            }
            Labels labels = batch.labels(entry).toLabels();
            int tooOld = 0;
            for (int s = first; s < end; s++) {
                if (batch.timestamp(s) < rejectBefore) {
                    tooOld++;
                } else {
                    series.computeIfAbsent(labels, l -> new TreeMap<>()).put(batch.timestamp(s), batch.value(s));
                    written++;
                }
            }
            if (tooOld > 0) {
                errors.add(new SeriesError(labels.toString(), StorageErrorCode.SAMPLE_OUT_OF_BOUNDS,
                        tooOld + " samples are older than " + rejectBefore, tooOld));
            }
        }
        return new WriteResult(written, errors);
    }

    @Override
    public Queryable queryable(String namespace) {
        throw new UnsupportedOperationException("the node server does not use queryable()");
    }

    @Override
    public void fetch(String namespace, List<LabelMatcher> matchers, long mint, long maxt,
            Consumer<ChunkedSeries> consumer) {
        if (endless) {
            fetchEndlessly(consumer);
            return;
        }
        List<ChunkedSeries> result = new ArrayList<>();
        synchronized (this) {
            for (Map.Entry<Labels, TreeMap<Long, Double>> e : select(namespace, matchers, mint, maxt).entrySet()) {
                result.add(new ChunkedSeries(e.getKey(), chunks(e.getValue(), mint, maxt)));
            }
        }
        try {
            result.forEach(consumer);
        } catch (RuntimeException | Error e) {
            fetchOutcomes.add(e.getClass().getSimpleName());
            throw e;
        }
        fetchOutcomes.add("completed");
    }

    private void fetchEndlessly(Consumer<ChunkedSeries> consumer) {
        byte[] data = new byte[ENDLESS_CHUNK_BYTES];
        try {
            for (int i = 0; i < ENDLESS_LIMIT; i++) {
                Labels labels = Labels.of("__name__", "endless", "i", String.format("%06d", i));
                consumer.accept(new ChunkedSeries(labels, List.of(new Chunk(ChunkEncoding.XOR, data, 1, i, i))));
            }
        } catch (RuntimeException | Error e) {
            fetchOutcomes.add(e.getClass().getSimpleName());
            throw e;
        }
        fetchOutcomes.add("completed");
    }

    @Override
    public synchronized List<String> labelNames(String namespace, List<LabelMatcher> matchers, long mint, long maxt) {
        Set<String> names = new TreeSet<>(Labels.NAME_ORDER);
        for (Labels labels : select(namespace, matchers, mint, maxt).keySet()) {
            for (int i = 0; i < labels.size(); i++) {
                names.add(labels.name(i));
            }
        }
        return List.copyOf(names);
    }

    @Override
    public synchronized List<String> labelValues(String namespace, String name, List<LabelMatcher> matchers, long mint,
            long maxt) {
        Set<String> values = new TreeSet<>(Labels.NAME_ORDER);
        for (Labels labels : select(namespace, matchers, mint, maxt).keySet()) {
            if (labels.has(name)) {
                values.add(labels.get(name));
            }
        }
        return List.copyOf(values);
    }

    @Override
    public Health health() {
        return health;
    }

    /** The exact oldest and newest sample of each namespace (the engine's bounds are looser). */
    @Override
    public synchronized Map<String, TimeRange> timeRanges() {
        RuntimeException injected = failure;
        if (injected != null) {
            throw injected;
        }
        TreeMap<String, TimeRange> ranges = new TreeMap<>();
        namespaces.forEach((name, series) -> {
            TimeRange range = TimeRange.EMPTY;
            for (TreeMap<Long, Double> samples : series.values()) {
                range = range.union(new TimeRange(samples.firstKey(), samples.lastKey()));
            }
            ranges.put(name, range);
        });
        return ranges;
    }

    @Override
    public void close() {}

    /** The samples of a chunk this storage made, as (timestamp, value) pairs. */
    static List<Map.Entry<Long, Double>> decode(Chunk chunk) {
        ByteBuffer data = ByteBuffer.wrap(chunk.data());
        List<Map.Entry<Long, Double>> samples = new ArrayList<>();
        while (data.hasRemaining()) {
            samples.add(Map.entry(data.getLong(), Double.longBitsToDouble(data.getLong())));
        }
        return samples;
    }

    private TreeMap<Labels, TreeMap<Long, Double>> namespace(String namespace) {
        RuntimeException injected = failure;
        if (injected != null) {
            throw injected;
        }
        TreeMap<Labels, TreeMap<Long, Double>> series = namespaces.get(namespace);
        if (series == null) {
            throw new StorageException(StorageErrorCode.UNKNOWN_NAMESPACE,
                    "unknown namespace \"" + namespace + "\" (this node has " + new TreeSet<>(namespaces.keySet()) + ")");
        }
        return series;
    }

    /** The series matching all matchers with samples in the range, in label order. */
    private TreeMap<Labels, TreeMap<Long, Double>> select(String namespace, List<LabelMatcher> matchers, long mint,
            long maxt) {
        TreeMap<Labels, TreeMap<Long, Double>> selected = new TreeMap<>();
        for (Map.Entry<Labels, TreeMap<Long, Double>> e : namespace(namespace).entrySet()) {
            if (matchers.stream().allMatch(m -> m.matches(e.getKey()))
                    && !e.getValue().subMap(mint, true, maxt, true).isEmpty()) {
                selected.put(e.getKey(), e.getValue());
            }
        }
        return selected;
    }

    /** The series' samples cut into chunks of at most MAX_SAMPLES; those overlapping the range. */
    private static List<Chunk> chunks(TreeMap<Long, Double> samples, long mint, long maxt) {
        List<Chunk> chunks = new ArrayList<>();
        List<Map.Entry<Long, Double>> all = new ArrayList<>(samples.entrySet());
        for (int start = 0; start < all.size(); start += ChunkAppender.MAX_SAMPLES) {
            List<Map.Entry<Long, Double>> run = all.subList(start, Math.min(all.size(), start + ChunkAppender.MAX_SAMPLES));
            long min = run.get(0).getKey();
            long max = run.get(run.size() - 1).getKey();
            if (max < mint || min > maxt) {
                continue;
            }
            ByteBuffer data = ByteBuffer.allocate(16 * run.size());
            for (Map.Entry<Long, Double> sample : run) {
                data.putLong(sample.getKey()).putLong(Double.doubleToRawLongBits(sample.getValue()));
            }
            chunks.add(new Chunk(ChunkEncoding.XOR, data.array(), run.size(), min, max));
        }
        return chunks;
    }
}
