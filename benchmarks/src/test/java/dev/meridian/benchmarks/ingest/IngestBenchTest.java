package dev.meridian.benchmarks.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.server.Server;
import dev.meridian.coordinator.placement.Placement;
import dev.meridian.coordinator.placement.PlacementNode;
import dev.meridian.coordinator.replication.Consistency;
import dev.meridian.coordinator.replication.NodeWriter;
import dev.meridian.coordinator.replication.ReplicatedWriter;
import dev.meridian.coordinator.write.RemoteWriteDecoder;
import dev.meridian.coordinator.write.RemoteWriteLimits;
import dev.meridian.coordinator.write.RemoteWriteService;
import dev.meridian.storage.WriteBatch;
import dev.meridian.storage.WriteResult;
import dev.meridian.storage.metadata.FamilyMetadata;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator against the real remote-write endpoint, with a storage node that only counts. */
class IngestBenchTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicLong stored = new AtomicLong();
    private final Map<String, Long> lastTime = new ConcurrentHashMap<>();
    private final AtomicLong outOfOrder = new AtomicLong();
    private Server server;

    @BeforeEach
    void start() {
        Placement placement = Placement.balanced(List.of(new PlacementNode("node-1", "127.0.0.1", 1)), 64, 1);
        NodeWriter counting = new NodeWriter() {
            @Override
            public WriteResult write(String namespace, WriteBatch batch) {
                for (int i = 0; i < batch.size(); i++) {
                    long t = batch.timestamp(batch.firstSample(i));
                    Long previous = lastTime.put(batch.labels(i).toString(), t);
                    if (previous != null && previous >= t) {
                        outOfOrder.incrementAndGet();
                    }
                }
                stored.addAndGet(batch.sampleCount());
                return new WriteResult(batch.sampleCount(), List.of());
            }

            @Override
            public void writeMetadata(List<FamilyMetadata> entries) {}
        };
        ReplicatedWriter writer = new ReplicatedWriter(placement, node -> counting, Consistency.ONE, Duration.ofSeconds(10), executor);
        server = Server.builder().http(new InetSocketAddress("127.0.0.1", 0))
                .service("/api/v1/write", new RemoteWriteService(new RemoteWriteDecoder(RemoteWriteLimits.DEFAULT, 64), writer, "raw",
                        executor))
                .build();
        server.start().join();
    }

    @AfterEach
    void stop() {
        server.stop().join();
        executor.shutdownNow();
    }

    @Test
    void sendsEverySampleOnceInOrderPerSeriesAndCountsThem() throws Exception {
        URI url = URI.create("http://127.0.0.1:" + server.activeLocalPort() + "/api/v1/write");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        IngestBench.Report report = new IngestBench(new IngestBench.Config(url, 1_000, 5, 3, 200, 1L),
                new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

        assertThat(report.seriesSent()).isEqualTo(1_320); // rounded up to 4 hosts of 330
        assertThat(report.samplesAcknowledged()).isEqualTo(1_320L * 5).isEqualTo(stored.get());
        assertThat(outOfOrder.get()).as("each series' samples arrive in order").isZero();
        assertThat(report.failedRequests()).isZero();
        // Sender k has every third series: 440 per round in 3 requests of at most 200, for 5 rounds.
        assertThat(report.requests()).isEqualTo(3 * 5 * 3);
        assertThat(report.statuses()).containsExactly(Map.entry(204, 45L));
        assertThat(report.lines()).contains("ingest.series=1320", "ingest.failed_requests=0", "ingest.samples_acknowledged=6600")
                .anyMatch(line -> line.matches("samples_per_sec=[1-9][0-9]*"));
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("ingest: sending to " + url);
    }

    @Test
    void refusedRequestsAreCountedWithTheFirstReason() throws Exception {
        URI wrongPath = URI.create("http://127.0.0.1:" + server.activeLocalPort() + "/nope");

        IngestBench.Report report = new IngestBench(new IngestBench.Config(wrongPath, 330, 2, 1, 500, 1L),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();

        assertThat(report.failedRequests()).isEqualTo(2);
        assertThat(report.samplesAcknowledged()).isZero();
        assertThat(report.firstFailure()).startsWith("HTTP 404");
    }

    @Test
    void configLimits() {
        URI url = URI.create("http://127.0.0.1:1/api/v1/write");
        assertThatThrownBy(() -> new IngestBench.Config(url, 0, 1, 1, 1, 1L)).hasMessageContaining("must be > 0");
        assertThatThrownBy(() -> new IngestBench.Config(url, 1, 60_000, 1, 1, 1L)).hasMessageContaining("rounds must be at most 540");
    }
}
