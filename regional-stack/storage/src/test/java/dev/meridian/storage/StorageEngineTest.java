package dev.meridian.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.labels.MatchType;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.SampleIterator;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.storage.SeriesSet;
import dev.meridian.storage.block.Block;
import dev.meridian.storage.chunk.Chunk;
import dev.meridian.storage.series.SeriesLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageEngineTest {
    private static final long START = 1_700_000_000_000L - 1_700_000_000_000L % 3_600_000L;
    private static final long STEP = 10_000;
    private static final LabelMatcher ALL = LabelMatcher.of(MatchType.REGEX, "__name__", ".+");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(START);
    private final List<StorageEngine> opened = new ArrayList<>();

    @AfterEach
    void closeEngines() {
        opened.forEach(StorageEngine::close);
    }

    /** 1h blocks, 5m bufferPast, 2m bufferFuture, 48h retention. */
    private static NamespaceOptions hourly(Duration retention) {
        return new NamespaceOptions("raw", Duration.ofSeconds(10), retention, Duration.ofHours(1), Duration.ofMinutes(5),
                Duration.ofMinutes(2), 8);
    }

    private StorageEngine open(Path data, NamespaceOptions ns, FsyncPolicy fsync) {
        StorageEngine engine = StorageEngine.open(EngineOptions.builder(data).namespace(ns).clock(clock)
                .tickInterval(Duration.ZERO).fsync(fsync).headChunkFileBytes(1 << 20).commitLogSegmentBytes(64 << 10).build());
        opened.add(engine);
        return engine;
    }

    private static SeriesLabels series(int i) {
        return SeriesLabels.of("__name__", i % 2 == 0 ? "node_cpu_seconds_total" : "node_memory_bytes", "instance",
                "host-" + i, "job", "node");
    }

    /** Value of series i at time t: counters that rise, gauges that wander, now and then a staleness marker. */
    private static double value(int i, long t) {
        long k = (t - START) / STEP;
        return i % 2 == 0 ? k * 0.25 + i : 4096.0 * ((k * 7 + i) % 1000);
    }

    /**
     * Writes {@code count} series every 10s from the clock's now for {@code duration}, moving the
     * clock along and ticking once a simulated minute. Returns what was written.
     */
    private Map<SeriesLabels, TreeMap<Long, Double>> ingest(StorageEngine engine, int count, Duration duration,
            Map<SeriesLabels, TreeMap<Long, Double>> written) {
        long from = clock.millis();
        WriteBatch batch = new WriteBatch();
        for (long t = from; t < from + duration.toMillis(); t += STEP) {
            clock.set(t);
            batch.clear();
            for (int i = 0; i < count; i++) {
                batch.add(series(i), t, value(i, t));
                written.computeIfAbsent(series(i), k -> new TreeMap<>()).put(t, value(i, t));
            }
            WriteResult result = engine.write("raw", batch);
            assertThat(result.errors()).isEmpty();
            assertThat(result.samplesWritten()).isEqualTo(count);
            if ((t - START) % 60_000 == 0) {
                engine.tick();
            }
        }
        clock.set(from + duration.toMillis());
        engine.tick();
        return written;
    }

    /** Every sample the engine returns for all series over {@code [mint, maxt]}. */
    private static Map<SeriesLabels, TreeMap<Long, Double>> readAll(StorageEngine engine, long mint, long maxt) {
        Map<SeriesLabels, TreeMap<Long, Double>> read = new java.util.LinkedHashMap<>();
        try (Querier q = engine.queryable("raw").querier(mint, maxt)) {
            SeriesSet set = q.select(SelectHints.ofRange(mint, maxt), List.of(ALL));
            Labels previous = null;
            while (set.next()) {
                Labels labels = set.at().labels();
                if (previous != null) {
                    assertThat(labels.compareTo(previous)).as("series come in label order").isPositive();
                }
                previous = labels;
                TreeMap<Long, Double> samples = new TreeMap<>();
                SampleIterator it = set.at().iterator();
                long last = Long.MIN_VALUE;
                while (it.next()) {
                    assertThat(it.timestamp()).as("timestamps increase").isGreaterThan(last);
                    last = it.timestamp();
                    if (it.timestamp() >= mint && it.timestamp() <= maxt) {
                        samples.put(it.timestamp(), it.value());
                    }
                }
                read.put(SeriesLabels.of(labels), samples);
            }
        }
        return read;
    }

    private static Map<SeriesLabels, TreeMap<Long, Double>> within(Map<SeriesLabels, TreeMap<Long, Double>> all, long mint, long maxt) {
        Map<SeriesLabels, TreeMap<Long, Double>> out = new java.util.HashMap<>();
        all.forEach((k, v) -> {
            TreeMap<Long, Double> sub = new TreeMap<>(v.subMap(mint, true, maxt, true));
            if (!sub.isEmpty()) {
                out.put(k, sub);
            }
        });
        return out;
    }

    @Test
    void rejectsBadSeriesAndSamplesOutsideTheWindowButWritesTheRest() {
        StorageEngine engine = open(dir, hourly(Duration.ofHours(48)), FsyncPolicy.always());
        long now = START + 30 * 60_000;
        clock.set(now);
        SeriesLabels good = series(0);
        SeriesLabels unsorted = SeriesLabels.wrap(new byte[] {2, 1, 'b', 1, '1', 1, 'a', 1, '2'});
        SeriesLabels late = series(1);
        SeriesLabels early = series(2);
        WriteBatch batch = new WriteBatch()
                .add(good, new long[] {now - 10_000, now}, new double[] {1, 2}, 2)
                .add(unsorted, now, 1)
                .add(late, now - Duration.ofMinutes(6).toMillis(), 1)
                .add(early, now + Duration.ofMinutes(3).toMillis(), 1);
        WriteResult result = engine.write("raw", batch);
        assertThat(result.samplesWritten()).isEqualTo(2);
        assertThat(result.errors()).extracting(SeriesError::code).containsExactly(StorageErrorCode.INVALID_SERIES,
                StorageErrorCode.SAMPLE_OUT_OF_BOUNDS, StorageErrorCode.SAMPLE_OUT_OF_BOUNDS);
        assertThat(result.errors().get(0).reason()).contains("labels not sorted by name");
        assertThat(result.errors().get(1).series()).contains("host-1");
        assertThat(result.errors().get(1).reason()).contains("older than the accepted window").contains("5m");
        assertThat(result.errors().get(2).reason()).contains("too far in the future").contains("2m");

        // The same sample again is a retried write and succeeds; another value at that time does not.
        assertThat(engine.write("raw", new WriteBatch().add(good, now, 2)).allWritten()).isTrue();
        WriteResult conflict = engine.write("raw", new WriteBatch().add(good, now, 3));
        assertThat(conflict.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(StorageErrorCode.DUPLICATE_SAMPLE);
            assertThat(e.samplesRejected()).isEqualTo(1);
        });
        assertThat(readAll(engine, 0, Long.MAX_VALUE)).containsOnlyKeys(good);
        assertThatThrownBy(() -> engine.write("nope", batch)).isInstanceOf(StorageException.class)
                .hasMessageContaining("unknown namespace \"nope\"");
    }

    @Test
    void outOfOrderSamplesInsideTheWindowAreMergedIntoTheBlock() {
        StorageEngine engine = open(dir, hourly(Duration.ofHours(48)), FsyncPolicy.always());
        SeriesLabels s = series(0);
        long t0 = START + 3_500_000; // near the end of the first hour
        clock.set(t0 + 60_000);
        assertThat(engine.write("raw", new WriteBatch().add(s, new long[] {t0, t0 + 60_000}, new double[] {1, 3}, 2))
                .allWritten()).isTrue();
        assertThat(engine.write("raw", new WriteBatch().add(s, t0 + 30_000, 2)).allWritten()).isTrue();
        assertThat(engine.write("raw", new WriteBatch().add(s, t0 + 30_000, 5)).errors())
                .extracting(SeriesError::code).containsExactly(StorageErrorCode.DUPLICATE_SAMPLE);
        assertThat(readAll(engine, 0, Long.MAX_VALUE).get(s)).containsExactly(Map.entry(t0, 1.0),
                Map.entry(t0 + 30_000, 2.0), Map.entry(t0 + 60_000, 3.0));
        // Past the window's end plus bufferPast the hour is flushed: same answer from the block.
        clock.set(START + Duration.ofMinutes(66).toMillis());
        engine.tick();
        assertThat(engine.namespace("raw").view().blocks()).hasSize(1);
        assertThat(readAll(engine, 0, Long.MAX_VALUE).get(s)).containsExactly(Map.entry(t0, 1.0),
                Map.entry(t0 + 30_000, 2.0), Map.entry(t0 + 60_000, 3.0));
        WriteResult tooLate = engine.write("raw", new WriteBatch().add(s, t0 + 40_000, 9));
        assertThat(tooLate.errors()).extracting(SeriesError::code).containsExactly(StorageErrorCode.SAMPLE_OUT_OF_BOUNDS);
    }

    @Test
    void flushesWindowsToBlocksAndAnswersExactlyAcrossBlocksAndHead() {
        StorageEngine engine = open(dir, hourly(Duration.ofHours(48)), FsyncPolicy.every(Duration.ofSeconds(1)));
        Map<SeriesLabels, TreeMap<Long, Double>> written = ingest(engine, 40, Duration.ofMinutes(330), new java.util.HashMap<>());
        List<Block> blocks = engine.namespace("raw").view().blocks();
        long headFrom = engine.namespace("raw").view().headFrom();
        assertThat(headFrom).isEqualTo(START + Duration.ofHours(5).toMillis());
        assertThat(blocks).isNotEmpty();
        assertThat(blocks.get(0).meta().minTime()).isLessThanOrEqualTo(START);
        for (int i = 1; i < blocks.size(); i++) {
            assertThat(blocks.get(i).meta().minTime()).as("blocks are contiguous").isEqualTo(blocks.get(i - 1).meta().maxTime());
        }
        assertThat(blocks.get(blocks.size() - 1).meta().maxTime()).isEqualTo(headFrom);
        assertThat(readAll(engine, 0, Long.MAX_VALUE)).isEqualTo(written);
        // A range inside one block, one across a block boundary, one across blocks and head.
        for (long[] range : new long[][] {{START + 600_000, START + 1_200_000}, {START + 3_000_000, START + 4_000_000},
                {START + 17_000_000, START + 19_000_000}}) {
            assertThat(readAll(engine, range[0], range[1])).isEqualTo(within(written, range[0], range[1]));
        }
        // Fetch hands out whole chunks in time order that hold every sample.
        List<ChunkedSeries> fetched = new ArrayList<>();
        engine.fetch("raw", List.of(LabelMatcher.of(MatchType.EQUAL, "instance", "host-3")), 0, Long.MAX_VALUE, fetched::add);
        assertThat(fetched).singleElement().satisfies(cs -> {
            TreeMap<Long, Double> samples = new TreeMap<>();
            long lastMax = Long.MIN_VALUE;
            for (Chunk c : cs.chunks()) {
                assertThat(c.minTime()).isGreaterThan(lastMax);
                lastMax = c.maxTime();
                SampleIterator it = c.iterator();
                while (it.next()) {
                    samples.put(it.timestamp(), it.value());
                }
            }
            assertThat(samples).isEqualTo(written.get(series(3)));
        });
        assertThat(engine.labelValues("raw", "__name__", List.of(), 0, Long.MAX_VALUE))
                .containsExactly("node_cpu_seconds_total", "node_memory_bytes");
        assertThat(engine.labelNames("raw", List.of(LabelMatcher.of(MatchType.EQUAL, "instance", "host-3")), 0, Long.MAX_VALUE))
                .containsExactly("__name__", "instance", "job");
    }

    @Test
    void timeRangeBoundsHeadAndBlocksThroughFlushesAndRestarts() {
        Path data = dir.resolve("data");
        StorageEngine engine = open(data, hourly(Duration.ofHours(48)), FsyncPolicy.every(Duration.ofSeconds(1)));
        assertThat(engine.timeRanges()).containsExactly(Map.entry("raw", TimeRange.EMPTY));

        ingest(engine, 4, Duration.ofMinutes(30), new java.util.HashMap<>());
        long newest = START + Duration.ofMinutes(30).toMillis() - STEP;
        assertThat(engine.timeRanges().get("raw")).as("head only: its window's start to its newest sample")
                .isEqualTo(new TimeRange(START, newest));

        ingest(engine, 4, Duration.ofMinutes(60), new java.util.HashMap<>());
        newest = START + Duration.ofMinutes(90).toMillis() - STEP;
        assertThat(engine.namespace("raw").view().blocks()).hasSize(1);
        assertThat(engine.timeRanges().get("raw")).as("the flushed block's start to the head's newest sample")
                .isEqualTo(new TimeRange(START, newest));

        engine.close();
        StorageEngine restarted = open(data, hourly(Duration.ofHours(48)), FsyncPolicy.every(Duration.ofSeconds(1)));
        assertThat(restarted.timeRanges().get("raw")).as("restored from the snapshot").isEqualTo(new TimeRange(START, newest));

        // No more writes: once the head's last window is flushed, the newest block's end bounds it.
        clock.set(START + Duration.ofHours(3).toMillis());
        restarted.tick();
        assertThat(restarted.namespace("raw").head().timeRange()).isEqualTo(TimeRange.EMPTY);
        List<Block> blocks = restarted.namespace("raw").view().blocks();
        long oldestWindow = blocks.get(0).meta().minTime();
        assertThat(oldestWindow).as("a compacted block's window is aligned to its span, so it may start earlier")
                .isLessThanOrEqualTo(START);
        assertThat(restarted.timeRanges().get("raw"))
                .isEqualTo(new TimeRange(oldestWindow, START + Duration.ofHours(2).toMillis() - 1));
    }

    @Test
    void cleanRestartRestoresTheSnapshotWithoutReplay() {
        Path data = dir.resolve("data");
        StorageEngine engine = open(data, hourly(Duration.ofHours(48)), FsyncPolicy.every(Duration.ofSeconds(1)));
        Map<SeriesLabels, TreeMap<Long, Double>> written = ingest(engine, 30, Duration.ofMinutes(90), new java.util.HashMap<>());
        engine.close();
        StorageEngine restarted = open(data, hourly(Duration.ofHours(48)), FsyncPolicy.every(Duration.ofSeconds(1)));
        var recovery = restarted.namespace("raw").recovery();
        assertThat(recovery.fromSnapshot()).isTrue();
        assertThat(recovery.replayedSamples()).isZero();
        assertThat(readAll(restarted, 0, Long.MAX_VALUE)).isEqualTo(written);
        // It goes on where it stopped, through the next flush.
        ingest(restarted, 30, Duration.ofMinutes(40), written);
        assertThat(readAll(restarted, 0, Long.MAX_VALUE)).isEqualTo(written);
        assertThat(Files.exists(data.resolve("raw/head/snapshot"))).isFalse();
    }

    @Test
    void crashRecoveryReplaysCheckpointAndLog() throws IOException {
        Path data = dir.resolve("data");
        StorageEngine engine = open(data, hourly(Duration.ofHours(48)), FsyncPolicy.always());
        // Long enough for flushes and a log truncation with a checkpoint, then more head data.
        Map<SeriesLabels, TreeMap<Long, Double>> written = ingest(engine, 30, Duration.ofMinutes(150), new java.util.HashMap<>());
        assertThat(engine.namespace("raw").view().blocks()).isNotEmpty();
        try (Stream<Path> entries = Files.list(data.resolve("raw"))) {
            assertThat(entries.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("checkpoint."));
        }
        // A crash: the files as they are while the engine runs (every write was acknowledged
        // after its fsync), without the snapshot a clean close writes.
        Path crashed = dir.resolve("crashed");
        copyTree(data, crashed);
        StorageEngine recovered = open(crashed, hourly(Duration.ofHours(48)), FsyncPolicy.always());
        var recovery = recovered.namespace("raw").recovery();
        assertThat(recovery.fromSnapshot()).isFalse();
        assertThat(recovery.replayedSamples()).isPositive();
        assertThat(readAll(recovered, 0, Long.MAX_VALUE)).isEqualTo(written);
        assertThat(recovered.timeRanges().get("raw")).as("replayed samples count towards the newest")
                .isEqualTo(new TimeRange(recovered.namespace("raw").view().blocks().get(0).meta().minTime(),
                        START + Duration.ofMinutes(150).toMillis() - STEP));
    }

    @Test
    void compactsAdjacentBlocksAndDropsBlocksPastRetention() {
        StorageEngine engine = open(dir, hourly(Duration.ofHours(12)), FsyncPolicy.every(Duration.ofSeconds(1)));
        Map<SeriesLabels, TreeMap<Long, Double>> written = ingest(engine, 6, Duration.ofHours(20), new java.util.HashMap<>());
        List<Block> blocks = engine.namespace("raw").view().blocks();
        long horizon = clock.millis() - Duration.ofHours(12).toMillis();
        assertThat(blocks).allSatisfy(b -> assertThat(b.meta().maxTime()).isGreaterThan(horizon));
        assertThat(blocks).anySatisfy(b -> {
            assertThat(b.meta().level()).isEqualTo(2);
            assertThat(b.meta().maxTime() - b.meta().minTime()).isEqualTo(Duration.ofHours(3).toMillis());
            assertThat(b.meta().sources()).hasSize(3);
        });
        try (Stream<Path> dirs = Files.list(dir.resolve("raw/blocks"))) {
            assertThat(dirs.count()).as("sources of compactions and expired blocks are deleted").isEqualTo(blocks.size());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        long oldestKept = blocks.get(0).meta().minTime();
        assertThat(readAll(engine, 0, Long.MAX_VALUE)).isEqualTo(within(written, oldestKept, Long.MAX_VALUE));
        assertThat(engine.timeRanges().get("raw")).as("expired blocks no longer count")
                .isEqualTo(new TimeRange(oldestKept, START + Duration.ofHours(20).toMillis() - STEP));
    }

    @Test
    void seriesSilentForABlockLeaveTheActiveIndexButStayInBlocks() {
        StorageEngine engine = open(dir, hourly(Duration.ofHours(48)), FsyncPolicy.every(Duration.ofSeconds(1)));
        Map<SeriesLabels, TreeMap<Long, Double>> written = ingest(engine, 20, Duration.ofMinutes(60), new java.util.HashMap<>());
        assertThat(engine.namespace("raw").head().seriesCount()).isEqualTo(20);
        ingest(engine, 5, Duration.ofMinutes(130), written);
        assertThat(engine.namespace("raw").head().seriesCount()).isEqualTo(5);
        assertThat(readAll(engine, 0, Long.MAX_VALUE)).isEqualTo(written);
        // A collected series that comes back is a new head series again.
        ingest(engine, 20, Duration.ofMinutes(1), written);
        assertThat(engine.namespace("raw").head().seriesCount()).isEqualTo(20);
        assertThat(readAll(engine, 0, Long.MAX_VALUE)).isEqualTo(written);
    }

    @Test
    void aNewSeriesIsNotCollectedBeforeABlockHasPassedSinceItWasCreated() {
        StorageEngine engine = open(dir, hourly(Duration.ofHours(48)), FsyncPolicy.every(Duration.ofSeconds(1)));
        clock.set(START + Duration.ofHours(3).toMillis());
        // The sample is refused (its window is long gone), but the series is created and logged:
        // until a block has passed, a writer may still be about to append to it.
        WriteBatch batch = new WriteBatch();
        batch.add(series(0), START, 1.0);
        assertThat(engine.write("raw", batch).errors()).singleElement()
                .satisfies(e -> assertThat(e.code()).isEqualTo(StorageErrorCode.SAMPLE_OUT_OF_BOUNDS));
        engine.tick();
        assertThat(engine.namespace("raw").head().seriesCount()).isEqualTo(1);

        clock.set(clock.millis() + Duration.ofHours(1).toMillis() - 1);
        engine.tick();
        assertThat(engine.namespace("raw").head().seriesCount()).isEqualTo(1);
        clock.set(clock.millis() + Duration.ofMinutes(10).toMillis());
        engine.tick();
        assertThat(engine.namespace("raw").head().seriesCount()).isZero();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("LOCK")) {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
