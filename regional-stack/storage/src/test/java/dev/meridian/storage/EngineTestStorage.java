package dev.meridian.storage;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.promqltest.TestStorage;
import dev.meridian.promql.storage.Queryable;
import dev.meridian.storage.files.DurableFiles;
import dev.meridian.storage.series.SeriesLabels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs promqltest files on the storage engine. Every commit writes all samples loaded so far
 * into a fresh engine in time order, moving a simulated clock along and running the background
 * work as it goes, with 10-minute blocks: so a test's data ends up spread over flushed blocks,
 * compacted blocks and the head, and every query crosses those boundaries.
 */
final class EngineTestStorage implements TestStorage {
    static final String NAMESPACE = "promqltest";
    private static final NamespaceOptions OPTIONS = new NamespaceOptions(NAMESPACE, Duration.ofSeconds(10),
            Duration.ofDays(3650), Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofMinutes(1), 4);

    private record Sample(SeriesLabels labels, long t, double v) {}

    /** Blocks, and compacted blocks among them, that the engines of all instances held after their loads. */
    static final java.util.concurrent.atomic.AtomicLong BLOCKS = new java.util.concurrent.atomic.AtomicLong();
    static final java.util.concurrent.atomic.AtomicLong COMPACTED_BLOCKS = new java.util.concurrent.atomic.AtomicLong();

    private final List<Sample> loaded = new ArrayList<>();
    private final List<Sample> pending = new ArrayList<>();
    private final Path root;
    private StorageEngine engine;
    private Path dir;
    private int generation;

    EngineTestStorage() {
        try {
            root = Files.createTempDirectory("promqltest-engine");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void append(Labels labels, long timestamp, double value) {
        pending.add(new Sample(SeriesLabels.of(labels), timestamp, value));
    }

    @Override
    public void commit() {
        loaded.addAll(pending);
        pending.clear();
        closeEngine();
        dir = root.resolve(Integer.toString(generation++));
        ManualClock clock = new ManualClock(Long.MIN_VALUE / 2);
        engine = StorageEngine.open(EngineOptions.builder(dir).namespace(OPTIONS).clock(clock).tickInterval(Duration.ZERO)
                .fsync(FsyncPolicy.every(Duration.ofHours(1))).headChunkFileBytes(1 << 20).commitLogSegmentBytes(1 << 20).build());
        // A few files load one series twice at the same time; Prometheus' loader keeps the last.
        Map<SeriesLabels, Map<Long, Sample>> latest = new LinkedHashMap<>();
        for (Sample s : loaded) {
            latest.computeIfAbsent(s.labels(), k -> new HashMap<>()).put(s.t(), s);
        }
        List<Sample> ordered = new ArrayList<>();
        latest.values().forEach(bySeries -> ordered.addAll(bySeries.values()));
        ordered.sort(Comparator.comparingLong(Sample::t));
        WriteBatch batch = new WriteBatch();
        long lastTick = Long.MIN_VALUE;
        for (int i = 0; i < ordered.size(); ) {
            long t = ordered.get(i).t();
            clock.set(t);
            if (t - lastTick >= Duration.ofMinutes(1).toMillis() || lastTick == Long.MIN_VALUE) {
                engine.tick();
                lastTick = t;
            }
            batch.clear();
            for (; i < ordered.size() && ordered.get(i).t() == t; i++) {
                Sample s = ordered.get(i);
                batch.add(s.labels(), s.t(), s.v());
            }
            WriteResult result = engine.write(NAMESPACE, batch);
            if (!result.allWritten()) {
                throw new IllegalStateException("the engine refused test data: " + result.errors());
            }
        }
        engine.tick();
        for (var block : engine.namespace(NAMESPACE).view().blocks()) {
            BLOCKS.incrementAndGet();
            if (block.meta().level() > 1) {
                COMPACTED_BLOCKS.incrementAndGet();
            }
        }
    }

    @Override
    public Queryable queryable() {
        if (engine == null) {
            commit(); // an eval before any load queries an empty engine
        }
        return engine.queryable(NAMESPACE);
    }

    private void closeEngine() {
        if (engine != null) {
            engine.close();
            DurableFiles.deleteRecursively(dir);
            engine = null;
        }
    }

    @Override
    public void close() {
        closeEngine();
        DurableFiles.deleteRecursively(root);
    }
}
