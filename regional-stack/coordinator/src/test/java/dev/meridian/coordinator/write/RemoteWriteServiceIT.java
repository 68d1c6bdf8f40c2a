package dev.meridian.coordinator.write;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.Server;
import dev.meridian.api.MetricMetadata;
import dev.meridian.coordinator.StorageNodes;
import dev.meridian.coordinator.read.NodeReader;
import dev.meridian.coordinator.read.ReplicatedMetadata;
import dev.meridian.coordinator.read.ReplicatedQueryable;
import dev.meridian.coordinator.replication.Consistency;
import dev.meridian.coordinator.replication.NodeWriter;
import dev.meridian.coordinator.replication.ReplicatedWriter;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.MatchType;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.storage.SeriesSet;
import dev.meridian.promql.testing.PrometheusProcess;
import dev.meridian.proto.remote.Label;
import dev.meridian.proto.remote.MetricMetadata.MetricType;
import dev.meridian.proto.remote.Sample;
import dev.meridian.proto.remote.TimeSeries;
import dev.meridian.proto.remote.WriteRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import dev.meridian.storage.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/**
 * The remote-write endpoint in front of three real storage nodes (RF=3, majority): the spec's
 * statuses for good, bad and unstorable requests, and a real Prometheus 2.42 remote-writing its
 * own metrics to it.
 */
class RemoteWriteServiceIT {
    private static final int SHARDS = 64;

    @TempDir
    Path dir;

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private StorageNodes nodes;
    private Server server;
    private WebClient http;

    @BeforeEach
    void start() {
        nodes = new StorageNodes(dir, 3, SHARDS, 3);
        ReplicatedWriter writer = new ReplicatedWriter(nodes.placement(), node -> NodeWriter.of(nodes.client(node)), Consistency.MAJORITY,
                Duration.ofSeconds(10), executor);
        RemoteWriteService service = new RemoteWriteService(new RemoteWriteDecoder(RemoteWriteLimits.DEFAULT, SHARDS), writer, "raw",
                executor, clock);
        server = Server.builder().http(new InetSocketAddress("127.0.0.1", 0))
                .service("/api/v1/write", service)
                .service("/api/v1/prom/remote/write", service)
                .build();
        server.start().join();
        http = WebClient.of("http://127.0.0.1:" + server.activeLocalPort());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop().join();
        }
        if (nodes != null) {
            nodes.close();
        }
        executor.shutdownNow();
    }

    private static TimeSeries series(long now, String... namesAndValues) {
        TimeSeries.Builder series = TimeSeries.newBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            series.addLabels(Label.newBuilder().setName(namesAndValues[i]).setValue(namesAndValues[i + 1]));
        }
        return series.addSamples(Sample.newBuilder().setTimestamp(now).setValue(1)).build();
    }

    private AggregatedHttpResponse post(String path, String contentType, byte[] body) {
        RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, path)
                .contentType(MediaType.parse(contentType))
                .set("Content-Encoding", "snappy")
                .set(RemoteWriteDecoder.VERSION_HEADER, "0.1.0")
                .build();
        return http.execute(HttpRequest.of(headers, com.linecorp.armeria.common.HttpData.wrap(body))).aggregate().join();
    }

    private AggregatedHttpResponse write(WriteRequest request) throws IOException {
        return post("/api/v1/write", "application/x-protobuf", Snappy.compress(request.toByteArray()));
    }

    /** The series matching {@code metric} the region holds, read back at majority. */
    private List<String> stored(String metric) {
        ReplicatedQueryable region = new ReplicatedQueryable(nodes.placement(), node -> NodeReader.of(nodes.client(node)), "raw",
                Consistency.MAJORITY, Duration.ofSeconds(10), executor);
        long now = System.currentTimeMillis();
        List<String> out = new ArrayList<>();
        try (Querier q = region.querier(now - 3_600_000, now + 600_000)) {
            SeriesSet set = q.select(SelectHints.ofRange(now - 3_600_000, now + 600_000),
                    List.of(LabelMatcher.of(MatchType.EQUAL, "__name__", metric)));
            while (set.next()) {
                out.add(set.at().labels().toString());
            }
        }
        return out;
    }

    /** The region's metadata by family, read back from the storage nodes at majority. */
    private Map<String, MetricMetadata> metadata() {
        return new ReplicatedMetadata(nodes.placement(), node -> NodeReader.of(nodes.client(node)), Consistency.MAJORITY,
                Duration.ofSeconds(10), executor).metadata().stream()
                .collect(Collectors.toMap(MetricMetadata::family, Function.identity()));
    }

    private static dev.meridian.proto.remote.MetricMetadata entry(String family, MetricType type, String help) {
        return dev.meridian.proto.remote.MetricMetadata.newBuilder().setMetricFamilyName(family).setType(type).setHelp(help).build();
    }

    @Test
    void metadataIsStoredOnTheNodesTheNewestWinsAndBadEntriesAreRefused() throws Exception {
        WriteRequest first = WriteRequest.newBuilder()
                .addMetadata(entry("http_requests", MetricType.COUNTER, "Requests served."))
                .addMetadata(entry("1bad", MetricType.GAUGE, ""))
                .addMetadata(entry("queue_length", MetricType.GAUGE, "Jobs waiting."))
                .build();

        AggregatedHttpResponse refused = write(first);

        assertThat(refused.status().code()).isEqualTo(400);
        assertThat(refused.contentUtf8()).isEqualTo("1 of 3 metadata entries refused: metadata[1]: invalid metric family name"
                + " \"1bad\": must match [a-zA-Z_:][a-zA-Z0-9_:]*\n");
        assertThat(metadata()).containsOnlyKeys("http_requests", "queue_length");
        assertThat(metadata().get("http_requests"))
                .isEqualTo(new MetricMetadata("http_requests", MetricMetadata.Type.COUNTER, "Requests served.", ""));

        clock.advance(Duration.ofMinutes(1));
        assertThat(write(WriteRequest.newBuilder().addMetadata(entry("queue_length", MetricType.GAUGE, "Jobs waiting to run."))
                .build()).status().code()).isEqualTo(204);

        assertThat(metadata().get("queue_length").help()).isEqualTo("Jobs waiting to run.");
        assertThat(metadata().get("http_requests").help()).isEqualTo("Requests served.");
    }

    @Test
    void metadataThatCannotReachAMajorityIsARetryable503() throws Exception {
        nodes.stopServer(1);
        nodes.stopServer(2);

        AggregatedHttpResponse unavailable = write(WriteRequest.newBuilder()
                .addMetadata(entry("up", MetricType.GAUGE, "1 if the target is up"))
                .build());

        int shard = MetadataMapping.toStorage(new MetricMetadata("up", MetricMetadata.Type.GAUGE, "", ""), 0).shard(SHARDS);
        assertThat(unavailable.status().code()).isEqualTo(503);
        assertThat(unavailable.contentUtf8())
                .startsWith("not stored at write consistency majority (retry): 1 shard short of replicas; shard " + shard + ": ")
                .contains("node-2 (127.0.0.1:", "node-3 (127.0.0.1:");
    }

    @Test
    void answersWithTheRemoteWriteSpecsStatuses() throws Exception {
        long now = System.currentTimeMillis();
        WriteRequest good = WriteRequest.newBuilder()
                .addTimeseries(series(now, "__name__", "up", "instance", "a", "job", "api"))
                .addTimeseries(series(now, "__name__", "up", "instance", "b", "job", "api"))
                .build();

        assertThat(write(good).status().code()).isEqualTo(204);
        assertThat(post("/api/v1/prom/remote/write", "application/x-protobuf", Snappy.compress(good.toByteArray())).status().code())
                .as("the older path, and a retried request").isEqualTo(204);
        assertThat(stored("up")).containsExactly("{__name__=\"up\", instance=\"a\", job=\"api\"}",
                "{__name__=\"up\", instance=\"b\", job=\"api\"}");

        WriteRequest mixed = WriteRequest.newBuilder()
                .addTimeseries(series(now, "__name__", "errors_total", "job", "api"))
                .addTimeseries(series(now, "__name__", "errors_total", "zone", "x", "job", "api"))
                .addTimeseries(series(now - 86_400_000L, "__name__", "old_total", "job", "api"))
                .build();
        AggregatedHttpResponse refused = write(mixed);
        assertThat(refused.status().code()).isEqualTo(400);
        assertThat(refused.contentUtf8()).startsWith("2 of 3 series refused: ")
                .contains("zone=\"x\", job=\"api\"}").contains("old_total");
        assertThat(stored("errors_total")).as("the good series of the request is stored")
                .containsExactly("{__name__=\"errors_total\", job=\"api\"}");

        AggregatedHttpResponse garbage = post("/api/v1/write", "application/x-protobuf", new byte[] {1, 2, 3});
        assertThat(garbage.status().code()).isEqualTo(400);
        assertThat(post("/api/v1/write", "text/plain", Snappy.compress(good.toByteArray())).status().code()).isEqualTo(415);
        assertThat(http.get("/api/v1/write").aggregate().join().status().code()).isEqualTo(405);

        nodes.stopServer(1);
        nodes.stopServer(2);
        AggregatedHttpResponse unavailable = write(good);
        assertThat(unavailable.status().code()).as("retryable").isEqualTo(503);
        // The request's two series fall in two shards; each has only node-1 left of its replicas.
        assertThat(unavailable.contentUtf8())
                .matches("(?s)not stored at write consistency majority \\(retry\\): 2 shards short of replicas; shard \\d+: "
                        + "[01] of 2 required replicas stored it; .*")
                .contains("node-2 (127.0.0.1:", "node-3 (127.0.0.1:");
    }

    @Test
    void aRealPrometheusRemoteWritesItsOwnMetrics() throws Exception {
        PrometheusProcess.requireVersion242();
        String url = "http://127.0.0.1:" + server.activeLocalPort() + "/api/v1/write";
        try (PrometheusProcess prometheus = PrometheusProcess.startWithConfig(dir.resolve("prometheus"), port -> """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: prometheus
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                remote_write:
                  - url: %s
                    queue_config:
                      batch_send_deadline: 1s
                    metadata_config:
                      send_interval: 1s
                """.formatted(port, url))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline
                    && (stored("up").isEmpty() || stored("prometheus_build_info").isEmpty()
                            || !metadata().containsKey("prometheus_build_info"))) {
                Thread.sleep(250);
            }
            assertThat(stored("up")).as(prometheus.logTail())
                    .containsExactly("{__name__=\"up\", instance=\"127.0.0.1:" + prometheus.url().getPort() + "\", job=\"prometheus\"}");
            assertThat(stored("prometheus_build_info")).singleElement().asString().contains("version=\"2.42.");
            assertThat(metadata().get("prometheus_build_info")).isNotNull()
                    .satisfies(m -> assertThat(m.type()).isEqualTo(MetricMetadata.Type.GAUGE));
        }
    }
}
