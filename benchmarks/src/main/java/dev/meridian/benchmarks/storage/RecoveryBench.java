package dev.meridian.benchmarks.storage;

import static java.util.Objects.requireNonNull;

import dev.meridian.storage.WriteBatch;
import dev.meridian.storage.WriteResult;
import dev.meridian.storage.node.StorageNodeClient;
import dev.meridian.storage.series.SeriesLabels;
import dev.meridian.workload.NodeExporterFleet;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The recovery phase of {@code meridian bench storage}: a real storage node process gets {@code
 * recoverySamples} samples over gRPC (all still in its commit log), is killed with SIGKILL, and is
 * started again on the same directory. {@code recovery_seconds} is the wall time from that start
 * until {@code /ready} answers 200 (JVM start included); {@code replay_samples_per_sec} is what the
 * node reports for its replay alone ({@code meridian_storage_recovery_*}). Then the node is stopped
 * cleanly and started once more, to show the head snapshot's restart time.
 */
public final class RecoveryBench {
    /** Starts storage node processes. */
    public interface NodeProcesses {
        /** Starts {@code meridian storage --config file}; returns once it has printed its address. */
        Node start(Path config) throws Exception;
    }

    /** A running node process. */
    public interface Node extends AutoCloseable {
        int port();

        /** SIGKILL, and wait until it is gone. */
        void kill() throws InterruptedException;

        /** SIGTERM, and wait for a clean exit. */
        void stop() throws InterruptedException;

        @Override
        void close();
    }

    public record RecoveryFigures(long logSamples, long replayedSamples, double recoverySeconds, double replaySamplesPerSec,
            double snapshotRestartSeconds) {}

    private final StorageBenchConfig config;
    private final NodeProcesses processes;
    private final Path workDir;
    private final PrintStream progress;
    private final HttpClient http = HttpClient.newHttpClient();
    private final int rounds;
    private final Duration span;
    private final Duration bufferPast;

    /**
     * @throws IllegalArgumentException if the samples do not fit the node's head: they are written
     *     as scrape rounds ending now, all inside one 2h block's bufferPast, so nothing is flushed
     *     out of the log before the kill
     */
    public RecoveryBench(StorageBenchConfig config, NodeProcesses processes, Path workDir, PrintStream progress) {
        this.config = requireNonNull(config, "config is null");
        this.processes = requireNonNull(processes, "processes is null");
        this.workDir = requireNonNull(workDir, "workDir is null");
        this.progress = requireNonNull(progress, "progress is null");
        NodeExporterFleet probe = NodeExporterFleet.ofSeries(config.series(), StorageBenchConfig.INTERVAL_MILLIS, 0, config.seed());
        long needed = (config.recoverySamples() + probe.seriesCount() - 1) / probe.seriesCount();
        if (needed > 600) {
            throw new IllegalArgumentException(config.recoverySamples() + " recovery samples over " + probe.seriesCount()
                    + " series take " + needed + " scrape rounds of 10s, more than the 100 minutes (600 rounds) they must fit in;"
                    + " use more series or fewer recovery samples");
        }
        this.rounds = (int) needed;
        this.span = Duration.ofMillis(rounds * StorageBenchConfig.INTERVAL_MILLIS);
        this.bufferPast = span.plusMinutes(10);
    }

    public RecoveryFigures run() throws Exception {
        long start = System.currentTimeMillis() - span.toMillis() - 60_000;
        NodeExporterFleet fleet = NodeExporterFleet.ofSeries(config.series(), StorageBenchConfig.INTERVAL_MILLIS, start, config.seed());
        Path dataDir = workDir.resolve("recovery");
        Path file = workDir.resolve("recovery-node.yaml");
        Files.writeString(file, String.join("\n",
                "server:",
                "  port: 0",
                "dataDir: " + dataDir,
                "commitLog:",
                "  fsync: 100ms",
                "namespaces:",
                "  - name: " + StorageBench.NAMESPACE,
                "    blockSize: 2h",
                "    bufferPast: " + bufferPast.toMinutes() + "m",
                ""));
        byte[][] labels = Ingester.encodeLabels(fleet);
        long written;
        try (Node node = processes.start(file)) {
            awaitReady(node.port(), Duration.ofMinutes(2));
            progress.printf("recovery: writing %d rounds of %d series to the node%n", rounds, fleet.seriesCount());
            written = write(node.port(), fleet, labels, rounds);
            progress.printf("recovery: wrote %d samples; SIGKILL%n", written);
            node.kill();
        }
        long replayed;
        double replaySeconds;
        double recoverySeconds;
        long launched = System.nanoTime();
        try (Node node = processes.start(file)) {
            awaitReady(node.port(), Duration.ofMinutes(10));
            recoverySeconds = (System.nanoTime() - launched) / 1e9;
            String metrics = get(node.port(), "/metrics").body();
            replayed = (long) metric(metrics, "meridian_storage_recovery_replayed_samples");
            replaySeconds = metric(metrics, "meridian_storage_recovery_duration_seconds");
            progress.printf("recovery: ready after %.2fs, replayed %d samples in %.2fs; SIGTERM%n", recoverySeconds, replayed, replaySeconds);
            node.stop();
        }
        double snapshotSeconds;
        launched = System.nanoTime();
        try (Node node = processes.start(file)) {
            awaitReady(node.port(), Duration.ofMinutes(10));
            snapshotSeconds = (System.nanoTime() - launched) / 1e9;
            node.stop();
        }
        if (replayed != written) {
            throw new IllegalStateException("the node replayed " + replayed + " samples, but " + written + " were acknowledged");
        }
        return new RecoveryFigures(written, replayed, recoverySeconds, replayed / replaySeconds, snapshotSeconds);
    }

    private long write(int port, NodeExporterFleet fleet, byte[][] labels, int rounds) throws Exception {
        int n = fleet.seriesCount();
        long[] ts = new long[n];
        double[] vs = new double[n];
        ExecutorService pool = Executors.newFixedThreadPool(config.writers());
        List<StorageNodeClient> clients = new ArrayList<>();
        long written = 0;
        try {
            for (int w = 0; w < config.writers(); w++) {
                clients.add(StorageNodeClient.connect("127.0.0.1", port, Duration.ofMinutes(1)));
            }
            for (int r = 0; r < rounds; r++) {
                fleet.scrape(r, (s, t, v) -> {
                    ts[s] = t;
                    vs[s] = v;
                });
                List<Future<Long>> parts = new ArrayList<>();
                for (int w = 0; w < config.writers(); w++) {
                    int lo = (int) ((long) n * w / config.writers());
                    int hi = (int) ((long) n * (w + 1) / config.writers());
                    StorageNodeClient client = clients.get(w);
                    parts.add(pool.submit(() -> {
                        long count = 0;
                        WriteBatch batch = new WriteBatch();
                        for (int from = lo; from < hi; from += config.batchSeries()) {
                            batch.clear();
                            for (int s = from; s < Math.min(hi, from + config.batchSeries()); s++) {
                                batch.add(SeriesLabels.wrap(labels[s]), ts[s], vs[s]);
                            }
                            WriteResult result = client.write(StorageBench.NAMESPACE, batch);
                            if (!result.allWritten()) {
                                throw new IllegalStateException("the node refused samples: " + result.errors().get(0));
                            }
                            count += result.samplesWritten();
                        }
                        return count;
                    }));
                }
                for (Future<Long> part : parts) {
                    written += part.get();
                }
            }
        } finally {
            clients.forEach(StorageNodeClient::close);
            pool.shutdownNow();
        }
        return written;
    }

    private void awaitReady(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (get(port, "/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("the node on port " + port + " was not ready within " + timeout);
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the first sample of {@code name} in Prometheus text format. */
    static double metric(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new IllegalStateException("the node's /metrics has no " + name);
    }
}
