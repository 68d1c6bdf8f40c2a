package dev.meridian.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.MatchType;
import dev.meridian.promql.storage.SampleIterator;
import dev.meridian.storage.ChunkedSeries;
import dev.meridian.storage.WriteBatch;
import dev.meridian.storage.WriteResult;
import dev.meridian.storage.chunk.Chunk;
import dev.meridian.storage.node.StorageNodeClient;
import dev.meridian.storage.series.SeriesLabels;
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
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills a real storage node process with SIGKILL while four clients write to it, restarts it on
 * the same data directory, and checks that every sample a write acknowledged came back. With
 * {@code fsync: always} a write is acknowledged once it is on disk; with an interval once the
 * commit log has written it to the OS (which a process kill cannot undo), with an fsync at least
 * every interval — so only a machine crash could lose the last interval, and this test asserts
 * the stronger guarantee: nothing acknowledged is lost to a process kill under either policy.
 */
class StorageNodeCrashIT {
    private static final int WRITERS = 4;
    private static final int SERIES_PER_WRITER = 250;
    private static final Duration INGEST = Duration.ofSeconds(3);
    private static final long INTERVAL_MILLIS = 200;

    @TempDir
    Path dir;

    /** One acknowledged write: every series of its writer got a sample at {@code t}. */
    private record Ack(int writer, long t, long ackedAtNanos) {}

    @ParameterizedTest
    @ValueSource(strings = {"always", "200ms"})
    void everyAcknowledgedSampleSurvivesSigkill(String fsync) throws Exception {
        Path config = dir.resolve("node.yaml");
        Files.writeString(config, "server:\n  port: 0\ndataDir: " + dir.resolve("data") + "\ncommitLog:\n  fsync: " + fsync + "\n");
        List<Ack> acks = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        long killedAt;
        try (MeridianProcess node = startNode(config)) {
            int port = port(node);
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                Thread t = new Thread(() -> write(port, writer, stop, acks, refusals), "writer-" + w);
                t.start();
                writers.add(t);
            }
            Thread.sleep(INGEST.toMillis());
            killedAt = System.nanoTime();
            node.kill();
            stop.set(true);
            for (Thread t : writers) {
                t.join();
            }
        }
        assertThat(refusals).as("writes the node refused").isEmpty();
        assertThat(acks).hasSizeGreaterThan(20);

        try (MeridianProcess node = startNode(config)) {
            int port = port(node);
            Map<String, Set<Long>> stored = fetchAll(port);
            long lost = 0;
            long lostInLastInterval = 0;
            for (Ack ack : acks) {
                for (int s = 0; s < SERIES_PER_WRITER; s++) {
                    if (!stored.getOrDefault(series(ack.writer(), s).toString(), Set.of()).contains(ack.t())) {
                        lost++;
                        if (ack.ackedAtNanos() >= killedAt - Duration.ofMillis(INTERVAL_MILLIS).toNanos()) {
                            lostInLastInterval++;
                        }
                    }
                }
            }
            System.out.printf("crash fsync=%s: acknowledged_samples=%d lost=%d (of them acknowledged in the last %dms: %d)%n",
                    fsync, (long) acks.size() * SERIES_PER_WRITER, lost, INTERVAL_MILLIS, lostInLastInterval);
            assertThat(lost).as("acknowledged samples missing after SIGKILL and restart").isZero();
            // SIGTERM stops it cleanly: the JVM exits with 128 + 15 after the shutdown hook wrote the head snapshot.
            assertThat(node.stop(Duration.ofSeconds(30))).isEqualTo(143);
            assertThat(dir.resolve("data/raw/head/snapshot")).exists();
        }
    }

    private MeridianProcess startNode(Path config) {
        return MeridianProcess.start(dir.resolve("node.log"), List.of("-Xmx512m"), "storage", "--config", config.toString());
    }

    private static int port(MeridianProcess node) throws Exception {
        String address = node.await("storage.address", Duration.ofSeconds(60));
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return port;
                }
            } catch (IOException notYet) {
                // Listening but not answering yet.
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the node did not become ready; stderr:\n" + node.stderrTail());
    }

    private static SeriesLabels series(int writer, int s) {
        return SeriesLabels.of("__name__", "crash_test", "series", Integer.toString(s), "writer", Integer.toString(writer));
    }

    /** Writes one sample per series of this writer per round until the node dies or {@code stop}. */
    private static void write(int port, int writer, AtomicBoolean stop, List<Ack> acks, List<String> refusals) {
        try (StorageNodeClient client = StorageNodeClient.connect("127.0.0.1", port, Duration.ofSeconds(10))) {
            WriteBatch batch = new WriteBatch();
            long last = 0;
            while (!stop.get()) {
                long t = Math.max(System.currentTimeMillis(), last + 1);
                last = t;
                batch.clear();
                for (int s = 0; s < SERIES_PER_WRITER; s++) {
                    batch.add(series(writer, s), t, t % 1000);
                }
                WriteResult result = client.write("raw", batch);
                long ackedAt = System.nanoTime();
                synchronized (acks) {
                    if (result.allWritten()) {
                        acks.add(new Ack(writer, t, ackedAt));
                    } else {
                        refusals.add(result.errors().toString());
                    }
                }
            }
        } catch (RuntimeException nodeDied) {
            // The kill: this write was not acknowledged.
        }
    }

    private static Map<String, Set<Long>> fetchAll(int port) {
        Map<String, Set<Long>> stored = new HashMap<>();
        try (StorageNodeClient client = StorageNodeClient.connect("127.0.0.1", port, Duration.ofSeconds(30))) {
            client.fetch("raw", List.of(LabelMatcher.of(MatchType.EQUAL, "__name__", "crash_test")), 0, Long.MAX_VALUE,
                    (ChunkedSeries cs) -> {
                        Set<Long> times = stored.computeIfAbsent(SeriesLabels.of(cs.labels()).toString(), k -> new HashSet<>());
                        for (Chunk c : cs.chunks()) {
                            SampleIterator it = c.iterator();
                            while (it.next()) {
                                times.add(it.timestamp());
                            }
                        }
                    });
        }
        return stored;
    }
}
