package dev.meridian.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.coordinator.placement.Placement;
import dev.meridian.coordinator.placement.PlacementFile;
import dev.meridian.coordinator.placement.PlacementNode;
import dev.meridian.coordinator.read.NodeReader;
import dev.meridian.coordinator.read.ReplicatedQueryable;
import dev.meridian.coordinator.replication.Consistency;
import dev.meridian.coordinator.server.CoordinatorConfig;
import dev.meridian.coordinator.server.Coordinator;
import dev.meridian.coordinator.server.CoordinatorRole;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.MatchType;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.SampleIterator;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.storage.SeriesSet;
import dev.meridian.proto.remote.Label;
import dev.meridian.proto.remote.Sample;
import dev.meridian.proto.remote.TimeSeries;
import dev.meridian.proto.remote.WriteRequest;
import dev.meridian.storage.node.StorageNodeClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/**
 * A region of three real storage node processes (RF=3) behind a write coordinator at majority:
 * while four clients remote-write, one node is killed with SIGKILL. Every sample of every request
 * answered 2xx must be readable afterwards, and reads (majority) keep answering throughout.
 */
class RegionNodeLossIT {
    private static final int WRITERS = 4;
    private static final int SERIES_PER_WRITER = 100;

    @TempDir
    Path dir;

    private final List<MeridianProcess> nodes = new ArrayList<>();
    private final Map<String, StorageNodeClient> clients = new HashMap<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        clients.values().forEach(StorageNodeClient::close);
        nodes.forEach(MeridianProcess::close);
        executor.shutdownNow();
    }

    private record Ack(int writer, long t) {}

    @Test
    void everyAcknowledgedSampleSurvivesLosingANodeAndReadsKeepAnswering() throws Exception {
        List<PlacementNode> placementNodes = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Path config = Files.writeString(dir.resolve("node-" + i + ".yaml"),
                    "server:\n  port: 0\ndataDir: " + dir.resolve("data-" + i) + "\n");
            MeridianProcess node = MeridianProcess.start(dir.resolve("node-" + i + ".log"), List.of("-Xmx512m"), "storage", "--config",
                    config.toString());
            nodes.add(node);
            String address = node.await("storage.address", Duration.ofSeconds(60));
            PlacementNode placed = PlacementNode.parse("node-" + i, address);
            placementNodes.add(placed);
            clients.put(placed.id(), StorageNodeClient.connect(placed.host(), placed.port(), Duration.ofSeconds(10)));
        }
        Placement placement = Placement.balanced(placementNodes, 64, 3);
        PlacementFile.write(placement, dir.resolve("placement.yaml"));
        Path coordinatorConfig = Files.writeString(dir.resolve("coordinator.yaml"), "server:\n  port: 0\nplacement: placement.yaml\nregion: test\n");
        ReplicatedQueryable region = new ReplicatedQueryable(placement, node -> NodeReader.of(clients.get(node.id())), "raw",
                Consistency.MAJORITY, Duration.ofSeconds(10), executor);

        List<Ack> acks = new ArrayList<>();
        Map<Integer, Integer> statuses = new HashMap<>();
        AtomicInteger readsAfterKill = new AtomicInteger();
        List<String> failedReads = new ArrayList<>();
        AtomicBoolean killed = new AtomicBoolean();
        int acksBeforeKill;
        try (Coordinator coordinator = Coordinator.start(CoordinatorConfig.load(coordinatorConfig), placement, CoordinatorRole.WRITE)) {
            URI url = URI.create("http://127.0.0.1:" + coordinator.port() + "/api/v1/write");
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                threads.add(new Thread(() -> write(url, writer, stop, acks, statuses), "writer-" + w));
            }
            threads.add(new Thread(() -> {
                while (!stop.get()) {
                    try {
                        count(region, "node_loss_test");
                        if (killed.get()) {
                            readsAfterKill.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        synchronized (failedReads) {
                            failedReads.add(e.getMessage());
                        }
                    }
                }
            }, "reader"));
            threads.forEach(Thread::start);
            awaitAcks(acks, 20);
            synchronized (acks) {
                acksBeforeKill = acks.size();
            }
            nodes.get(2).kill();
            killed.set(true);
            awaitAcks(acks, acksBeforeKill + 20);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (readsAfterKill.get() < 3 && failedReads.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }

        Map<String, Set<Long>> stored = read(region);
        long lost = 0;
        for (Ack ack : acks) {
            for (int s = 0; s < SERIES_PER_WRITER; s++) {
                if (!stored.getOrDefault(series(ack.writer(), s), Set.of()).contains(ack.t())) {
                    lost++;
                }
            }
        }
        System.out.printf("node loss: acknowledged_requests=%d (after the kill: %d) acknowledged_samples=%d lost=%d statuses=%s"
                + " reads_after_kill=%d failed_reads=%d%n", acks.size(), acks.size() - acksBeforeKill,
                (long) acks.size() * SERIES_PER_WRITER, lost, statuses, readsAfterKill.get(), failedReads.size());
        assertThat(acksBeforeKill).as("writes acknowledged before the kill").isGreaterThanOrEqualTo(20);
        assertThat(acks.size() - acksBeforeKill).as("writes acknowledged after the kill, statuses %s", statuses)
                .isGreaterThanOrEqualTo(20);
        assertThat(lost).as("acknowledged samples missing").isZero();
        assertThat(failedReads).as("reads at majority with one node of three down").isEmpty();
        assertThat(readsAfterKill.get()).isGreaterThanOrEqualTo(3);
    }

    /** Waits (at most 30 s) until {@code count} requests were acknowledged. */
    private static void awaitAcks(List<Ack> acks, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (acks) {
                if (acks.size() >= count) {
                    return;
                }
            }
            Thread.sleep(20);
        }
    }

    private static String series(int writer, int s) {
        return "{__name__=\"node_loss_test\", region=\"test\", series=\"" + s + "\", writer=\"" + writer + "\"}";
    }

    /** Posts one request per round (one sample for each of the writer's series) until {@code stop}. */
    private static void write(URI url, int writer, AtomicBoolean stop, List<Ack> acks, Map<Integer, Integer> statuses) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long last = 0;
        while (!stop.get()) {
            long t = Math.max(System.currentTimeMillis(), last + 1);
            last = t;
            WriteRequest.Builder request = WriteRequest.newBuilder();
            for (int s = 0; s < SERIES_PER_WRITER; s++) {
                request.addTimeseries(TimeSeries.newBuilder()
                        .addLabels(Label.newBuilder().setName("__name__").setValue("node_loss_test"))
                        .addLabels(Label.newBuilder().setName("series").setValue(Integer.toString(s)))
                        .addLabels(Label.newBuilder().setName("writer").setValue(Integer.toString(writer)))
                        .addSamples(Sample.newBuilder().setTimestamp(t).setValue(s)));
            }
            int status;
            try {
                status = http.send(HttpRequest.newBuilder(url)
                        .header("Content-Type", "application/x-protobuf")
                        .header("Content-Encoding", "snappy")
                        .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(Snappy.compress(request.build().toByteArray())))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                status = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            synchronized (acks) {
                statuses.merge(status, 1, Integer::sum);
                if (status / 100 == 2) {
                    acks.add(new Ack(writer, t));
                }
            }
        }
    }

    private static int count(ReplicatedQueryable region, String metric) {
        long now = System.currentTimeMillis();
        int n = 0;
        try (Querier q = region.querier(now - 600_000, now + 60_000)) {
            SeriesSet set = q.select(SelectHints.ofRange(now - 600_000, now + 60_000),
                    List.of(LabelMatcher.of(MatchType.EQUAL, "__name__", metric)));
            while (set.next()) {
                n++;
            }
        }
        return n;
    }

    private static Map<String, Set<Long>> read(ReplicatedQueryable region) {
        long now = System.currentTimeMillis();
        Map<String, Set<Long>> stored = new HashMap<>();
        try (Querier q = region.querier(now - 600_000, now + 60_000)) {
            SeriesSet set = q.select(SelectHints.ofRange(now - 600_000, now + 60_000),
                    List.of(LabelMatcher.of(MatchType.EQUAL, "__name__", "node_loss_test")));
            while (set.next()) {
                Set<Long> times = stored.computeIfAbsent(set.at().labels().toString(), k -> new HashSet<>());
                SampleIterator it = set.at().iterator();
                while (it.next()) {
                    times.add(it.timestamp());
                }
            }
        }
        return stored;
    }
}
