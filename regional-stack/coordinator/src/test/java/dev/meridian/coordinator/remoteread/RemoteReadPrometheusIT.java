package dev.meridian.coordinator.remoteread;

import static dev.meridian.coordinator.remoteread.ReadRequestDecoderTest.matcher;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.server.Server;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.Queryable;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.storage.SeriesSet;
import dev.meridian.promql.storage.StaleMarker;
import dev.meridian.promql.storage.StorageException;
import dev.meridian.promql.storage.memory.InMemoryStorage;
import dev.meridian.promql.testing.PrometheusProcess;
import dev.meridian.proto.remote.Chunk;
import dev.meridian.proto.remote.ChunkedReadResponse;
import dev.meridian.proto.remote.ChunkedSeries;
import dev.meridian.proto.remote.LabelMatcher.Type;
import dev.meridian.proto.remote.Query;
import dev.meridian.proto.remote.ReadRequest;
import dev.meridian.proto.remote.ReadResponse;
import dev.meridian.proto.remote.TimeSeries;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/**
 * Remote read against a real Prometheus 2.42, both ways round:
 *
 * <ul>
 *   <li>as a <b>client</b>: a Prometheus whose only data is behind {@code remote_read} (with
 *       {@code read_recent: true}) pointed at {@link RemoteReadService} answers PromQL over it —
 *       including the end of a series at its staleness marker — and reports our errors (a storage
 *       failure, a sample limit) as warnings. Prometheus 2.42 only asks for SAMPLES;
 *   <li>as a <b>server</b> of the same protocol: its STREAMED_XOR_CHUNKS answer over backfilled
 *       blocks is read with the tests' frame reader and XOR decoder (checked against its SAMPLES
 *       answer), and {@link XorChunkEncoder} re-encodes each of its chunks to the same bytes; its
 *       SAMPLES answer is byte for byte the answer of our service over the same samples.
 * </ul>
 */
class RemoteReadPrometheusIT {
    private static final long T0 = 1_700_000_000_000L;
    private static final long STEP = 15_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Server> servers = new ArrayList<>();

    @BeforeAll
    static void requirePrometheus() throws Exception {
        PrometheusProcess.requireVersion242();
    }

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop().join());
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------ Prometheus as the client

    /**
     * An hour of 15 s samples: {@code up} of a (ends with a staleness marker at 30m15s), b ({@code i
     * % 5}) and c (0); a counter rising by 3 per sample; {@code many}, for the limited endpoint.
     */
    private static InMemoryStorage regionData() {
        InMemoryStorage storage = new InMemoryStorage();
        InMemoryStorage.Appender appender = storage.appender();
        for (int i = 0; i <= 240; i++) {
            long t = T0 + i * STEP;
            if (i <= 121) {
                appender.add(Labels.of("__name__", "up", "job", "api", "instance", "a"), t, i == 121 ? StaleMarker.VALUE : 1);
            }
            appender.add(Labels.of("__name__", "up", "job", "api", "instance", "b"), t, i % 5);
            appender.add(Labels.of("__name__", "up", "job", "db", "instance", "c"), t, 0);
            appender.add(Labels.of("__name__", "http_requests_total", "job", "api", "code", "200"), t, 3 * i);
            appender.add(Labels.of("__name__", "many", "job", "api"), t, i);
        }
        appender.commit();
        return storage;
    }

    /** {@code storage}, except that selecting {@code broken} fails as a region short of replicas does. */
    private static Queryable withBrokenMetric(Queryable storage) {
        return (mint, maxt) -> {
            Querier inner = storage.querier(mint, maxt);
            return new Querier() {
                @Override
                public SeriesSet select(SelectHints hints, List<LabelMatcher> matchers) {
                    if (matchers.stream().anyMatch(m -> m.name().equals("__name__") && m.matches("broken"))) {
                        throw new StorageException("cannot read series at consistency majority: shard 3: node-2 refused");
                    }
                    return inner.select(hints, matchers);
                }

                @Override
                public List<String> labelNames(List<LabelMatcher> matchers) {
                    return inner.labelNames(matchers);
                }

                @Override
                public List<String> labelValues(String name, List<LabelMatcher> matchers) {
                    return inner.labelValues(name, matchers);
                }

                @Override
                public void close() {
                    inner.close();
                }
            };
        };
    }

    private int serve(Queryable storage, RemoteReadLimits limits) {
        Server server = Server.builder().http(new InetSocketAddress("127.0.0.1", 0))
                .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
                .service("/api/v1/read", new RemoteReadService(storage, limits, executor))
                .build();
        server.start().join();
        servers.add(server);
        return server.activeLocalPort();
    }

    private JsonNode api(PrometheusProcess prometheus, String path, Map<String, String> params) throws Exception {
        StringBuilder query = new StringBuilder();
        params.forEach((k, v) -> query.append(query.length() == 0 ? "?" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, UTF_8)));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(prometheus.url().resolve(path + query))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        assertThat(response.statusCode()).as(response.body() + "\n" + prometheus.logTail()).isEqualTo(200);
        return body;
    }

    private JsonNode instant(PrometheusProcess prometheus, String expr, long timeMs) throws Exception {
        return api(prometheus, "/api/v1/query", Map.of("query", expr, "time", seconds(timeMs)));
    }

    private static String seconds(long ms) {
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : String.format("%d.%03d", ms / 1000, ms % 1000);
    }

    /** The vector result as "labels => value", sorted, e.g. {@code {instance=b, job=api} => 4}. */
    private static List<String> vector(JsonNode body) {
        assertThat(body.path("data").path("resultType").asText()).isEqualTo("vector");
        List<String> out = new ArrayList<>();
        for (JsonNode sample : body.path("data").path("result")) {
            out.add(new TreeMap<>(JSON.convertValue(sample.path("metric"), Map.class)) + " => " + sample.path("value").get(1).asText());
        }
        out.sort(null);
        return out;
    }

    private static List<String> warnings(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.path("warnings").forEach(w -> out.add(w.asText()));
        return out;
    }

    @Test
    void prometheusAnswersPromqlOverDataHeldOnlyByTheService() throws Exception {
        Queryable region = withBrokenMetric(regionData());
        int port = serve(region, RemoteReadLimits.DEFAULT);
        int limitedPort = serve(region, new RemoteReadLimits(1000, 10, 10, 1 << 20));
        try (PrometheusProcess prometheus = PrometheusProcess.startWithConfig(dir.resolve("prometheus"), p -> """
                global:
                  evaluation_interval: 1m
                remote_read:
                  - url: http://127.0.0.1:%d/api/v1/read
                    read_recent: true
                  - url: http://127.0.0.1:%d/api/v1/read
                    read_recent: true
                    required_matchers:
                      __name__: many
                """.formatted(port, limitedPort))) {
            // At 10m: every target up.
            JsonNode at10m = instant(prometheus, "up", T0 + 600_000);
            assertThat(warnings(at10m)).isEmpty();
            assertThat(vector(at10m)).containsExactly(
                    "{__name__=up, instance=a, job=api} => 1",
                    "{__name__=up, instance=b, job=api} => 0",
                    "{__name__=up, instance=c, job=db} => 0");

            // At 31m a's last sample (30m) is inside the 5m lookback, but the staleness marker at
            // 30m15s ends it: the marker came through remote read intact.
            assertThat(vector(instant(prometheus, "up", T0 + 31 * 60_000))).containsExactly(
                    "{__name__=up, instance=b, job=api} => 4",
                    "{__name__=up, instance=c, job=db} => 0");
            assertThat(vector(instant(prometheus, "up{instance=\"a\"}", T0 + 30 * 60_000))).containsExactly(
                    "{__name__=up, instance=a, job=api} => 1");

            assertThat(vector(instant(prometheus, "rate(http_requests_total[5m])", T0 + 20 * 60_000)))
                    .containsExactly("{code=200, job=api} => 0.2");
            assertThat(vector(instant(prometheus, "sum by (job) (up{job=~\"api|db\"})", T0 + 600_000)))
                    .containsExactly("{job=api} => 1", "{job=db} => 0");
            assertThat(vector(instant(prometheus, "count_over_time(up{instance!=\"a\"}[1h])", T0 + 3_600_000)))
                    .containsExactly("{instance=b, job=api} => 241", "{instance=c, job=db} => 241");

            JsonNode range = api(prometheus, "/api/v1/query_range", Map.of("query", "up{instance=\"b\"}",
                    "start", seconds(T0), "end", seconds(T0 + 120_000), "step", "30"));
            assertThat(range.path("data").path("resultType").asText()).isEqualTo("matrix");
            assertThat(range.path("data").path("result")).hasSize(1);
            assertThat(range.path("data").path("result").get(0).path("values").toString()).isEqualTo(
                    "[[1700000000,\"0\"],[1700000030,\"2\"],[1700000060,\"4\"],[1700000090,\"1\"],[1700000120,\"3\"]]");

            // Errors surface: Prometheus 2.42 turns a failing remote read into a warning.
            JsonNode broken = instant(prometheus, "broken", T0 + 600_000);
            assertThat(vector(broken)).isEmpty();
            assertThat(warnings(broken)).singleElement().asString()
                    .contains("http://127.0.0.1:" + port + "/api/v1/read returned HTTP status 500 Internal Server Error: "
                            + "query 0: cannot read series at consistency majority: shard 3: node-2 refused");

            // 21 samples in the 5m lookback of `many` are over the limited endpoint's 10.
            JsonNode many = instant(prometheus, "many", T0 + 600_000);
            assertThat(vector(many)).containsExactly("{__name__=many, job=api} => 40");
            assertThat(warnings(many)).singleElement().asString()
                    .contains("http://127.0.0.1:" + limitedPort + "/api/v1/read returned HTTP status 400 Bad Request: "
                            + "exceeded sample limit (10, maxSamplesPerRequest)");
        }
    }

    // ------------------------------------------------------------------ Prometheus as the server

    /**
     * 300 samples per series with timestamp steps that put the delta of delta in every bucket
     * (0, 14, 17, 20 and 64 bits; steps are whole eighths of a second, so promtool's seconds-to-ms
     * conversion is exact), and values that repeat, drift, jump, and are NaN or infinite.
     */
    private static String backfill() {
        double[] stepsSeconds = {15, 15, 15.125, 14.5, 24, 15, 115, 15, 1015, 15, 15, 14.875};
        StringBuilder out = new StringBuilder("# TYPE sensor gauge\n");
        for (int s = 0; s < 3; s++) {
            double t = T0 / 1000.0;
            for (int i = 0; i < 300; i++) {
                String value = switch ((i + s) % 9) {
                    case 0 -> "NaN";
                    case 1 -> (i % 2 == 0 ? "+Inf" : "-Inf");
                    case 2, 3 -> "42";
                    case 4 -> Double.toString(i * 0.001 + s);
                    case 5 -> Double.toString(1e12 + i * 7);
                    case 6 -> Double.toString(-i / 3.0);
                    default -> Double.toString(Math.sin(i) * 100);
                };
                out.append("sensor{room=\"r").append(s).append("\"} ").append(value).append(' ')
                        .append(String.format("%.3f", t)).append('\n');
                t += stepsSeconds[(i + s) % stepsSeconds.length];
            }
        }
        return out.append("# EOF\n").toString();
    }

    private byte[] postRead(URI base, ReadRequest request) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/read"))
                .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy")
                .header("X-Prometheus-Remote-Read-Version", "0.1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Snappy.compress(request.toByteArray())))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(new String(response.body(), UTF_8)).isEqualTo(200);
        return response.body();
    }

    /** Samples per series (labels as text), decoded from a STREAMED_XOR_CHUNKS body. */
    private static Map<String, List<PrometheusXorDecoder.Sample>> decodeStream(byte[] body, List<Chunk> chunksOut)
            throws IOException {
        Map<String, List<PrometheusXorDecoder.Sample>> out = new LinkedHashMap<>();
        for (ChunkedReadResponse frame : ChunkedFrameReader.read(body)) {
            for (ChunkedSeries series : frame.getChunkedSeriesList()) {
                List<PrometheusXorDecoder.Sample> samples = out.computeIfAbsent(series.getLabelsList().toString(), k -> new ArrayList<>());
                for (Chunk chunk : series.getChunksList()) {
                    chunksOut.add(chunk);
                    samples.addAll(PrometheusXorDecoder.decode(chunk.getData().toByteArray()));
                }
            }
        }
        return out;
    }

    @Test
    void prometheusChunksAreWhatOurEncoderWritesAndItsSamplesAnswerIsOurs() throws Exception {
        Query all = Query.newBuilder().setStartTimestampMs(T0 - 1).setEndTimestampMs(T0 + 86_400_000)
                .addMatchers(matcher(Type.EQ, "__name__", "sensor")).build();
        try (PrometheusProcess prometheus = PrometheusProcess.start(dir.resolve("prometheus"), backfill())) {
            // Ground truth: the samples Prometheus holds, from its SAMPLES answer (no XOR involved).
            byte[] samplesBody = Snappy.uncompress(postRead(prometheus.url(), ReadRequest.newBuilder().addQueries(all).build()));
            ReadResponse truth = ReadResponse.parseFrom(samplesBody);
            assertThat(truth.getResults(0).getTimeseriesCount()).as(prometheus.logTail()).isEqualTo(3);
            Map<String, List<PrometheusXorDecoder.Sample>> expected = new LinkedHashMap<>();
            InMemoryStorage same = new InMemoryStorage();
            InMemoryStorage.Appender appender = same.appender();
            for (TimeSeries series : truth.getResults(0).getTimeseriesList()) {
                assertThat(series.getSamplesCount()).isEqualTo(300);
                Labels.Builder labels = Labels.builder();
                series.getLabelsList().forEach(l -> labels.set(l.getName(), l.getValue()));
                List<PrometheusXorDecoder.Sample> samples = new ArrayList<>();
                series.getSamplesList().forEach(s -> {
                    samples.add(new PrometheusXorDecoder.Sample(s.getTimestamp(), Double.doubleToRawLongBits(s.getValue())));
                    appender.add(labels.build(), s.getTimestamp(), s.getValue());
                });
                expected.put(series.getLabelsList().toString(), samples);
            }
            appender.commit();

            // Its streamed answer: our frame reader and XOR decoder read back exactly those samples.
            List<Chunk> chunks = new ArrayList<>();
            byte[] streamedBody = postRead(prometheus.url(), ReadRequest.newBuilder().addQueries(all)
                    .addAcceptedResponseTypes(ReadRequest.ResponseType.STREAMED_XOR_CHUNKS).build());
            assertThat(decodeStream(streamedBody, chunks)).isEqualTo(expected);

            // Every chunk Prometheus encoded, re-encoded by us from its samples: the same bytes.
            assertThat(chunks.size()).isGreaterThanOrEqualTo(9);
            for (Chunk chunk : chunks) {
                List<PrometheusXorDecoder.Sample> samples = PrometheusXorDecoder.decode(chunk.getData().toByteArray());
                long[] t = samples.stream().mapToLong(PrometheusXorDecoder.Sample::t).toArray();
                double[] v = samples.stream().mapToDouble(PrometheusXorDecoder.Sample::value).toArray();
                assertThat(XorChunkEncoder.encodeData(t, v, 0, t.length)).as("chunk %s..%s", chunk.getMinTimeMs(), chunk.getMaxTimeMs())
                        .isEqualTo(chunk.getData().toByteArray());
            }

            // Our service over the same samples: the SAMPLES answer is Prometheus' byte for byte,
            // and the streamed one carries the same samples (chunk boundaries may differ).
            URI ours = URI.create("http://127.0.0.1:" + serve(same, RemoteReadLimits.DEFAULT));
            assertThat(Snappy.uncompress(postRead(ours, ReadRequest.newBuilder().addQueries(all).build()))).isEqualTo(samplesBody);
            byte[] ourStream = postRead(ours, ReadRequest.newBuilder().addQueries(all)
                    .addAcceptedResponseTypes(ReadRequest.ResponseType.STREAMED_XOR_CHUNKS).build());
            assertThat(decodeStream(ourStream, new ArrayList<>())).isEqualTo(expected);
        }
    }
}
