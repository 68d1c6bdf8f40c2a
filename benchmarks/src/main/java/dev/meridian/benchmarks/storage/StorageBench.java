package dev.meridian.benchmarks.storage;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.engine.Query;
import dev.meridian.storage.EngineOptions;
import dev.meridian.storage.FsyncPolicy;
import dev.meridian.storage.ManualClock;
import dev.meridian.storage.NamespaceOptions;
import dev.meridian.storage.StorageEngine;
import dev.meridian.storage.block.Block;
import dev.meridian.storage.files.DurableFiles;
import dev.meridian.storage.namespace.Namespace;
import dev.meridian.workload.NodeExporterFleet;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-process phases of {@code meridian bench storage}, on a {@link NodeExporterFleet} written
 * through the real write path ({@link StorageEngine#write}) with a simulated clock:
 *
 * <ol>
 *   <li><b>Ingest</b>: {@code hours} of the fleet at 10s. Measures samples written per second of
 *       write time; the live heap after a full GC with the head full, minus the heap before the
 *       engine opened, per series; then flushes everything and divides the blocks' bytes (chunks +
 *       index) by their samples.
 *   <li><b>Rotation</b>: a fresh engine through {@code rotations} block flushes while writers keep
 *       writing, a sampler measures the live heap (full GC, then what it left) every 500 ms
 *       between two queries, and a query thread runs a PromQL range query, pausing 50 ms between
 *       queries. A sample or query is "in rotation"
 *       from the end of a block window until its flush has finished; the rest after the first
 *       flush is the steady state. Reports the peak heap over the steady heap (median) and the
 *       query p99 in rotation over the steady p99 (a few dozen queries fall in rotations, so
 *       their p99 is nearly their maximum; the medians are printed too).
 * </ol>
 */
public final class StorageBench {
    static final String NAMESPACE = "raw";
    static final String ROTATION_QUERY = "sum by (mode) (rate(node_cpu_seconds_total[5m]))";

    private final StorageBenchConfig config;
    private final PrintStream progress;
    private final Path workDir;
    private final Pacing pacing;

    /**
     * How the rotation phase's threads are paced against the simulated clock.
     *
     * @param heapSample the heap sampler's pause between samples
     * @param queryPause the query thread's pause between queries
     * @param tick the engine's background tick interval
     * @param roundPause a pause after each scrape round of the rotation phase (tests slow their
     *     small fleets down so flushes keep up with the simulated clock, as they do at scale)
     */
    record Pacing(Duration heapSample, Duration queryPause, Duration tick, Duration roundPause) {
        static final Pacing BENCHMARK = new Pacing(Duration.ofMillis(500), Duration.ofMillis(50), Duration.ofMillis(50), Duration.ZERO);
    }

    /**
     * @param workDir an empty directory for the engines' data; deleted afterwards
     * @param progress where progress lines go (not the figures)
     */
    public StorageBench(StorageBenchConfig config, Path workDir, PrintStream progress) {
        this(config, workDir, progress, Pacing.BENCHMARK);
    }

    StorageBench(StorageBenchConfig config, Path workDir, PrintStream progress, Pacing pacing) {
        this.config = requireNonNull(config, "config is null");
        this.workDir = requireNonNull(workDir, "workDir is null");
        this.progress = requireNonNull(progress, "progress is null");
        this.pacing = requireNonNull(pacing, "pacing is null");
    }

    /** Figures of the ingest phase. */
    public record IngestFigures(int series, int rounds, long samples, double appendSamplesPerSec, double heapBytesPerSeries,
            long blockBytes, long blockSamples, long chunkBytes, long indexBytes, long blockSeries) {
        public double bytesPerSample() {
            return (double) blockBytes / blockSamples;
        }
    }

    /** Figures of the rotation phase. */
    public record RotationFigures(int rotations, int heapSamples, long steadyHeapBytes, long peakHeapBytes, int steadyQueries,
            int rotationQueries, double steadyQueryP50Millis, double rotationQueryP50Millis, double steadyQueryP99Millis,
            double rotationQueryP99Millis) {
        public double peakOverSteady() {
            return (double) peakHeapBytes / steadyHeapBytes;
        }

        public double queryP99OverSteady() {
            return rotationQueryP99Millis / steadyQueryP99Millis;
        }
    }

    private NamespaceOptions namespace(Duration bufferPast) {
        return new NamespaceOptions(NAMESPACE, Duration.ofSeconds(10), Duration.ofDays(30), config.blockSize(), bufferPast,
                Duration.ofMinutes(2), NamespaceOptions.DEFAULT_SHARDS);
    }

    private long alignedStart() {
        long block = config.blockSize().toMillis();
        return Math.floorDiv(1_700_000_000_000L, block) * block;
    }

    private StorageEngine open(Path dir, ManualClock clock) {
        return StorageEngine.open(EngineOptions.builder(dir).namespace(namespace(config.bufferPast())).clock(clock)
                .fsync(FsyncPolicy.every(Duration.ofMillis(100))).tickInterval(pacing.tick()).encoding(config.encoding())
                .build());
    }

    public IngestFigures ingest() throws InterruptedException {
        long start = alignedStart();
        NodeExporterFleet fleet = NodeExporterFleet.ofSeries(config.series(), StorageBenchConfig.INTERVAL_MILLIS, start, config.seed());
        byte[][] labels = Ingester.encodeLabels(fleet);
        int rounds = (int) (config.hours() * 3600_000L / StorageBenchConfig.INTERVAL_MILLIS);
        ManualClock clock = new ManualClock(start);
        Path dir = workDir.resolve("ingest");
        long baseline = liveHeap();
        progress.printf("ingest: %d series x %d rounds%n", fleet.seriesCount(), rounds);
        try (StorageEngine engine = open(dir, clock);
                Ingester ingester = new Ingester(fleet, labels, engine, NAMESPACE, clock, config.writers(), config.batchSeries())) {
            for (int r = 0; r < rounds; r++) {
                ingester.round(r);
                if (r % 360 == 359) {
                    progress.printf("ingest: %d of %d rounds%n", r + 1, rounds);
                }
            }
            double rate = ingester.samples() / (ingester.writeNanos() / 1e9);
            double heapPerSeries = (double) (liveHeap() - baseline) / fleet.seriesCount();
            // Close every window: move past the last one's end plus bufferPast and flush.
            clock.set(fleet.roundEnd(rounds - 1) + config.blockSize().toMillis() + config.bufferPast().toMillis());
            engine.tick();
            Namespace ns = engine.namespace(NAMESPACE);
            long bytes = 0;
            long samples = 0;
            long chunkBytes = 0;
            long indexBytes = 0;
            long blockSeries = 0;
            for (Block b : ns.view().blocks()) {
                bytes += b.meta().bytes();
                samples += b.meta().samples();
                chunkBytes += b.meta().chunkBytes();
                indexBytes += b.meta().indexBytes();
                blockSeries += b.meta().series();
            }
            if (samples != ingester.samples()) {
                throw new IllegalStateException("the blocks hold " + samples + " samples, but " + ingester.samples() + " were written");
            }
            return new IngestFigures(fleet.seriesCount(), rounds, ingester.samples(), rate, heapPerSeries, bytes, samples, chunkBytes,
                    indexBytes, blockSeries);
        } finally {
            DurableFiles.deleteRecursively(dir);
        }
    }

    public RotationFigures rotation() throws InterruptedException {
        long start = alignedStart();
        long block = config.blockSize().toMillis();
        long bufferPast = config.bufferPast().toMillis();
        NodeExporterFleet fleet = NodeExporterFleet.ofSeries(config.series(), StorageBenchConfig.INTERVAL_MILLIS, start, config.seed());
        byte[][] labels = Ingester.encodeLabels(fleet);
        long end = start + config.rotations() * block + bufferPast + Duration.ofMinutes(10).toMillis();
        int rounds = (int) ((end - start) / StorageBenchConfig.INTERVAL_MILLIS);
        ManualClock clock = new ManualClock(start);
        Path dir = workDir.resolve("rotation");
        progress.printf("rotation: %d series x %d rounds, %d flushes of %s blocks%n", fleet.seriesCount(), rounds,
                config.rotations(), config.blockSize());
        List<long[]> heap = new ArrayList<>(); // {simulated time, bytes, in rotation 0/1}
        List<double[]> queries = new ArrayList<>(); // {simulated time, millis, in rotation 0/1}
        AtomicBoolean done = new AtomicBoolean();
        // The heap is sampled between queries: a query's own working set (its decoded samples) is
        // the same in and out of rotation, and would only add noise.
        ReentrantLock betweenQueries = new ReentrantLock(true);
        try (StorageEngine engine = open(dir, clock);
                Ingester ingester = new Ingester(fleet, labels, engine, NAMESPACE, clock, config.writers(), config.batchSeries())) {
            Namespace ns = engine.namespace(NAMESPACE);
            Thread sampler = new Thread(() -> {
                while (!done.get()) {
                    long now = clock.millis();
                    boolean rotating = rotating(ns, now, start, block);
                    long bytes;
                    betweenQueries.lock();
                    try {
                        bytes = liveHeap();
                    } finally {
                        betweenQueries.unlock();
                    }
                    synchronized (heap) {
                        heap.add(new long[] {now, bytes, rotating || rotating(ns, clock.millis(), start, block) ? 1 : 0});
                    }
                    sleep(pacing.heapSample().toMillis());
                }
            }, "bench-heap-sampler");
            Thread querier = new Thread(() -> {
                Engine promql = new Engine(EngineConfig.defaults());
                while (!done.get()) {
                    long now;
                    boolean rotating;
                    double millis;
                    // Timed once the sampler is done: its full collections would only add noise.
                    betweenQueries.lock();
                    try {
                        now = clock.millis();
                        rotating = rotating(ns, now, start, block);
                        long t0 = System.nanoTime();
                        Query q = promql.rangeQuery(engine.queryable(NAMESPACE), ROTATION_QUERY,
                                now - Duration.ofMinutes(30).toMillis(), now, Duration.ofMinutes(1).toMillis());
                        q.execute();
                        millis = (System.nanoTime() - t0) / 1e6;
                    } finally {
                        betweenQueries.unlock();
                    }
                    if (now > start + Duration.ofMinutes(30).toMillis()) {
                        synchronized (queries) {
                            queries.add(new double[] {now, millis, rotating || rotating(ns, clock.millis(), start, block) ? 1 : 0});
                        }
                    }
                    sleep(pacing.queryPause().toMillis());
                }
            }, "bench-querier");
            sampler.setDaemon(true);
            querier.setDaemon(true);
            sampler.start();
            querier.start();
            for (int r = 0; r < rounds; r++) {
                ingester.round(r);
                sleep(pacing.roundPause().toMillis());
                if (r % 360 == 359) {
                    progress.printf("rotation: %d of %d rounds, %d windows flushed%n", r + 1, rounds, flushedWindows(ns, block));
                }
            }
            // Let the last flush finish before the samplers stop.
            while (ns.flushBacklog() > 0) {
                sleep(50);
            }
            done.set(true);
            sampler.join();
            querier.join();
            long flushed = flushedWindows(ns, block);
            if (flushed < config.rotations()) {
                throw new IllegalStateException("only " + flushed + " of " + config.rotations() + " rotations happened");
            }
        } finally {
            DurableFiles.deleteRecursively(dir);
        }
        long firstFlushed = start + block + bufferPast;
        long[] steadyHeap = heap.stream().filter(h -> h[0] >= firstFlushed && h[2] == 0).mapToLong(h -> h[1]).sorted().toArray();
        long peak = heap.stream().filter(h -> h[0] >= start + block).mapToLong(h -> h[1]).max().orElse(0);
        double[] steadyQ = queries.stream().filter(q -> q[2] == 0).mapToDouble(q -> q[1]).sorted().toArray();
        double[] rotationQ = queries.stream().filter(q -> q[2] == 1).mapToDouble(q -> q[1]).sorted().toArray();
        if (steadyHeap.length == 0 || steadyQ.length == 0 || rotationQ.length == 0) {
            throw new IllegalStateException("too few samples to compare: " + steadyHeap.length + " steady heap samples, "
                    + steadyQ.length + " steady and " + rotationQ.length + " rotation queries; run more series or rotations");
        }
        return new RotationFigures(config.rotations(), heap.size(), steadyHeap[steadyHeap.length / 2], peak, steadyQ.length,
                rotationQ.length, quantile(steadyQ, 0.5), quantile(rotationQ, 0.5), quantile(steadyQ, 0.99),
                quantile(rotationQ, 0.99));
    }

    /** Block windows flushed so far: the time the blocks span (compaction merges some of them). */
    private static long flushedWindows(Namespace ns, long block) {
        return ns.view().blocks().stream().mapToLong(b -> (b.meta().maxTime() - b.meta().minTime()) / block).sum();
    }

    /** From a window's end until the head has flushed it. */
    private static boolean rotating(Namespace ns, long now, long start, long block) {
        long sinceWindowStart = Math.floorMod(now - start, block);
        boolean windowJustEnded = now >= start + block && sinceWindowStart < ns.options().bufferPast().toMillis();
        return windowJustEnded || ns.flushBacklog() > 0;
    }

    /** The nearest-rank quantile. */
    private static double quantile(double[] sorted, double q) {
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * q) - 1))];
    }

    /**
     * What is live on the heap: a full collection, then the heap pools' usage as that collection
     * left them. (Reading the heap's usage after {@code System.gc()} returns would also count what
     * the writers allocated since, tens of megabytes at these rates.)
     */
    private static long liveHeap() {
        System.gc();
        long live = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterGc = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (afterGc != null) {
                live += afterGc.getUsed();
            }
        }
        return live;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
