package dev.meridian.storage.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.labels.MatchType;
import dev.meridian.proto.node.FetchRequest;
import dev.meridian.proto.node.FetchResponse;
import dev.meridian.proto.node.LabelValuesRequest;
import dev.meridian.proto.node.SeriesSamples;
import dev.meridian.proto.node.StorageNodeGrpc;
import dev.meridian.proto.node.WriteRequest;
import dev.meridian.storage.ChunkedSeries;
import dev.meridian.storage.Health;
import dev.meridian.storage.SeriesError;
import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import dev.meridian.storage.TimeRange;
import dev.meridian.storage.WriteBatch;
import dev.meridian.storage.WriteResult;
import dev.meridian.storage.chunk.Chunk;
import dev.meridian.storage.series.SeriesLabels;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real server on a loopback ephemeral port, over {@link FakeStorage}, called through {@link
 * StorageNodeClient}, through a raw gRPC stub (for requests the client would never send, and to
 * see statuses and trailers as they are on the wire) and over plain HTTP.
 */
class StorageNodeServerIT {
    private static final int MAX_REQUEST_BYTES = 256 << 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path dataDir;

    // One server for the class (stopping one takes seconds); each test starts from an empty storage.
    private static final FakeStorage storage = new FakeStorage("raw", "agg_1m");
    private static PrometheusMeterRegistry registry;
    private static StorageNodeServer server;
    private static StorageNodeClient client;
    private static ClientFactory rawFactory;
    private static StorageNodeGrpc.StorageNodeBlockingStub raw;
    private static WebClient http;

    @BeforeAll
    static void start() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        server = StorageNodeServer.start(config(0), storage, registry);
        client = StorageNodeClient.connect("127.0.0.1", server.port(), TIMEOUT);
        rawFactory = ClientFactory.builder().build();
        raw = GrpcClients.builder("http://127.0.0.1:" + server.port())
                .factory(rawFactory)
                .responseTimeout(TIMEOUT)
                .build(StorageNodeGrpc.StorageNodeBlockingStub.class);
        http = WebClient.builder("http://127.0.0.1:" + server.port()).factory(rawFactory).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        rawFactory.close();
        server.close();
        registry.close();
    }

    @BeforeEach
    void resetStorage() {
        storage.reset();
    }

    private static NodeConfig config(int port) {
        return NodeConfig.builder(dataDir)
                .server(ServerConfig.defaults().withAddress("127.0.0.1", port).withMaxRequestBytes(MAX_REQUEST_BYTES))
                .build();
    }

    @Test
    void writeStoresGoodSeriesAndReportsRejectedOnes() {
        storage.rejectBefore(1_000);
        byte[] unsorted = concat(SeriesLabels.of("job", "b").bytes(), SeriesLabels.of("a", "x").bytes());
        unsorted[0] = 2; // {job="b", a="x"}: two labels, names out of order
        WriteBatch batch = new WriteBatch()
                .add(SeriesLabels.of("__name__", "up", "job", "api"), new long[] {1_000, 2_000}, new double[] {1, 0}, 2)
                .add(SeriesLabels.wrap(unsorted), new long[] {1_000, 2_000, 3_000}, new double[] {1, 2, 3}, 3)
                .add(SeriesLabels.of("__name__", "up", "job", "db"), new long[] {500, 1_500}, new double[] {1, 1}, 2);

        WriteResult result = client.write("raw", batch);

        assertThat(result.samplesWritten()).isEqualTo(3);
        assertThat(result.errors()).hasSize(2);
        SeriesError invalid = result.errors().get(0);
        assertThat(invalid.code()).isEqualTo(StorageErrorCode.INVALID_SERIES);
        assertThat(invalid.samplesRejected()).isEqualTo(3);
        assertThat(invalid.reason()).isNotEmpty();
        SeriesError tooOld = result.errors().get(1);
        assertThat(tooOld.code()).isEqualTo(StorageErrorCode.SAMPLE_OUT_OF_BOUNDS);
        assertThat(tooOld.series()).isEqualTo("{__name__=\"up\", job=\"db\"}");
        assertThat(tooOld.reason()).isEqualTo("1 samples are older than 1000");
        assertThat(tooOld.samplesRejected()).isEqualTo(1);

        List<ChunkedSeries> fetched = fetchAll("raw", List.of(LabelMatcher.equal("__name__", "up")), 0, 10_000);
        assertThat(fetched).extracting(ChunkedSeries::labels).containsExactly(
                Labels.of("__name__", "up", "job", "api"), Labels.of("__name__", "up", "job", "db"));
        assertThat(samples(fetched.get(0))).containsExactly(Map.entry(1_000L, 1.0), Map.entry(2_000L, 0.0));
        assertThat(samples(fetched.get(1))).containsExactly(Map.entry(1_500L, 1.0));
    }

    @Test
    void fetchStreamsManySeriesInLabelOrderAcrossMessages() {
        // 2000 series of 300 samples: 3 chunks each, ~10 MB in all, so ~10 messages of ~1 MiB.
        Random random = new Random(42);
        List<Labels> written = new ArrayList<>();
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < 2_000; i++) {
            Labels labels = Labels.of("__name__", "m", "host", "h" + random.nextInt(1_000_000), "i", Integer.toString(i));
            written.add(labels);
            long[] ts = new long[300];
            double[] vs = new double[300];
            for (int s = 0; s < ts.length; s++) {
                ts[s] = s * 10_000L;
                vs[s] = random.nextDouble();
            }
            batch.add(SeriesLabels.of(labels), ts, vs, ts.length);
            if (batch.size() == 20) {
                assertThat(client.write("raw", batch).allWritten()).isTrue();
                batch.clear();
            }
        }
        written.sort(null);
        List<ChunkedSeries> expected = new ArrayList<>();
        storage.fetch("raw", List.of(), 0, Long.MAX_VALUE, expected::add);

        List<ChunkedSeries> fetched = fetchAll("raw", List.of(), 0, Long.MAX_VALUE);

        assertThat(fetched).extracting(ChunkedSeries::labels).containsExactlyElementsOf(written);
        for (int i = 0; i < fetched.size(); i++) {
            assertSameChunks(fetched.get(i), expected.get(i));
        }
        Iterator<FetchResponse> messages = raw.fetch(FetchRequest.newBuilder()
                .setNamespace("raw").setStartMs(0).setEndMs(Long.MAX_VALUE).build());
        int count = 0;
        int series = 0;
        while (messages.hasNext()) {
            FetchResponse message = messages.next();
            count++;
            series += message.getSeriesCount();
            // A message is cut once it reaches 1 MiB; a series here is ~5 KiB.
            assertThat(message.getSerializedSize()).isLessThan((1 << 20) + (16 << 10));
        }
        assertThat(series).isEqualTo(2_000);
        assertThat(count).isGreaterThanOrEqualTo(5);
    }

    @Test
    void fetchSelectsByMatchersAndRange() {
        WriteBatch batch = new WriteBatch()
                .add(SeriesLabels.of("__name__", "up", "job", "api"), new long[] {1_000, 2_000}, new double[] {1, 1}, 2)
                .add(SeriesLabels.of("__name__", "up", "job", "db"), new long[] {5_000}, new double[] {1}, 1)
                .add(SeriesLabels.of("__name__", "down", "job", "api"), new long[] {1_000}, new double[] {0}, 1);
        client.write("raw", batch);

        assertThat(fetchAll("raw", List.of(LabelMatcher.of(MatchType.REGEX, "__name__", "u.")), 0, 10_000))
                .extracting(ChunkedSeries::labels)
                .containsExactly(Labels.of("__name__", "up", "job", "api"), Labels.of("__name__", "up", "job", "db"));
        assertThat(fetchAll("raw", List.of(LabelMatcher.of(MatchType.NOT_EQUAL, "job", "db")), 1_500, 3_000))
                .extracting(ChunkedSeries::labels)
                .containsExactly(Labels.of("__name__", "up", "job", "api"));
        assertThat(fetchAll("raw", List.of(LabelMatcher.of(MatchType.NOT_REGEX, "job", "api|db")), 0, 10_000)).isEmpty();
        assertThat(fetchAll("agg_1m", List.of(), 0, 10_000)).isEmpty();
    }

    @Test
    void consumerFailureCancelsTheFetchOnTheNode() throws InterruptedException {
        storage.streamEndlessly();
        IllegalStateException stop = new IllegalStateException("enough");
        int[] seen = {0};
        Consumer<ChunkedSeries> consumer = series -> {
            if (++seen[0] == 3) {
                throw stop;
            }
        };

        assertThatThrownBy(() -> client.fetch("raw", List.of(), 0, 1, consumer)).isSameAs(stop);

        // The node notices the cancelled call at its next message and ends the storage's fetch.
        assertThat(storage.awaitFetchOutcome(TIMEOUT)).isEqualTo("Cancelled");
        assertThat(seen[0]).isEqualTo(3);
    }

    @Test
    void labelNamesAndValues() {
        client.write("raw", new WriteBatch()
                .add(SeriesLabels.of("__name__", "up", "job", "api", "zone", "a"), 1_000, 1)
                .add(SeriesLabels.of("__name__", "up", "job", "db"), 1_000, 1)
                .add(SeriesLabels.of("__name__", "errors", "instance", "x"), 9_000, 1));

        assertThat(client.labelNames("raw", List.of(), 0, 10_000)).containsExactly("__name__", "instance", "job", "zone");
        assertThat(client.labelNames("raw", List.of(LabelMatcher.equal("job", "db")), 0, 10_000))
                .containsExactly("__name__", "job");
        assertThat(client.labelNames("raw", List.of(), 5_000, 10_000)).containsExactly("__name__", "instance");
        assertThat(client.labelValues("raw", "__name__", List.of(), 0, 10_000)).containsExactly("errors", "up");
        assertThat(client.labelValues("raw", "job", List.of(LabelMatcher.of(MatchType.REGEX, "zone", "a|")), 0, 10_000))
                .containsExactly("api", "db");
        assertThat(client.labelValues("raw", "job", List.of(), 5_000, 10_000)).isEmpty();
    }

    @Test
    void timeRangesTravelPerNamespaceWithEmptyOnesKeptEmpty() {
        client.write("raw", new WriteBatch()
                .add(SeriesLabels.of("__name__", "up", "job", "api"), new long[] {1_000, 7_000}, new double[] {1, 0}, 2)
                .add(SeriesLabels.of("__name__", "up", "job", "db"), 500, 1));

        assertThat(client.timeRanges()).containsExactly(
                Map.entry("agg_1m", TimeRange.EMPTY),
                Map.entry("raw", new TimeRange(500, 7_000)));
    }

    @Test
    void healthAndReadinessFollowTheStorage() {
        assertThat(client.health()).isEqualTo(new Health(true, "ready"));
        assertThat(get("/ready").status().code()).isEqualTo(200);

        storage.setHealth(new Health(false, "replaying commit log"));

        assertThat(client.health()).isEqualTo(new Health(false, "replaying commit log"));
        AggregatedHttpResponse notReady = get("/ready");
        assertThat(notReady.status().code()).isEqualTo(503);
        assertThat(notReady.contentUtf8()).isEqualTo("replaying commit log\n");
        assertThat(get("/health").status().code()).isEqualTo(200);

        storage.setHealth(new Health(true, "ready"));

        assertThat(get("/ready").status().code()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(StorageErrorCode.class)
    void storageFailuresMapToStatusesAndBackToTheSameException(StorageErrorCode code) {
        String message = "injected " + code;
        storage.failWith(new StorageException(code, message));
        Status.Code expected = switch (code) {
            case INVALID_SERIES, SAMPLE_OUT_OF_BOUNDS, DUPLICATE_SAMPLE -> Status.Code.INVALID_ARGUMENT;
            case UNKNOWN_NAMESPACE -> Status.Code.NOT_FOUND;
            case NOT_READY, IO -> Status.Code.UNAVAILABLE;
            case CORRUPTION -> Status.Code.DATA_LOSS;
        };

        assertThatThrownBy(() -> raw.write(WriteRequest.newBuilder().setNamespace("raw").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(expected);
                    assertThat(e.getStatus().getDescription()).isEqualTo(message);
                    assertThat(e.getTrailers().get(ErrorMapping.STORAGE_ERROR_CODE)).isEqualTo(code.name());
                });
        assertThatThrownBy(() -> raw.fetch(FetchRequest.newBuilder().setNamespace("raw").build()).hasNext())
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(expected));
        for (Runnable call : List.<Runnable>of(
                () -> client.write("raw", new WriteBatch().add(SeriesLabels.of("a", "b"), 1, 1)),
                () -> client.fetch("raw", List.of(), 0, 1, series -> {}),
                () -> client.labelNames("raw", List.of(), 0, 1),
                () -> client.labelValues("raw", "job", List.of(), 0, 1))) {
            assertThatThrownBy(call::run)
                    .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo(code))
                    .hasMessage(message);
        }
    }

    @Test
    void unknownNamespaceIsNotFound() {
        assertThatThrownBy(() -> client.labelNames("nope", List.of(), 0, 1))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.code()).isEqualTo(StorageErrorCode.UNKNOWN_NAMESPACE))
                .hasMessageContaining("\"nope\"");
    }

    @Test
    void malformedRequestsAreInvalidArgumentNamingTheProblem() {
        SeriesSamples.Builder up = SeriesSamples.newBuilder()
                .setLabels(ByteString.copyFrom(SeriesLabels.of("__name__", "up").bytes()));
        assertInvalid(() -> raw.write(WriteRequest.newBuilder().setNamespace("raw")
                        .addSeries(up.clone().addTimestamps(1).addTimestamps(2).addValues(1)).build()),
                "series[0] has 2 timestamps but 1 values");
        assertInvalid(() -> raw.write(WriteRequest.newBuilder().setNamespace("raw")
                        .addSeries(up.clone().addTimestamps(1).addValues(1))
                        .addSeries(up.clone()).build()),
                "series[1] has no samples");
        assertInvalid(() -> raw.fetch(fetch().addMatchers(matcher(dev.meridian.proto.node.LabelMatcher.Type.RE, "job", "(a"))
                        .build()).hasNext(),
                "matchers[0] (job): invalid regular expression");
        assertInvalid(() -> raw.fetch(fetch().addMatchers(matcher(dev.meridian.proto.node.LabelMatcher.Type.EQ, "a", "b"))
                        .addMatchers(dev.meridian.proto.node.LabelMatcher.newBuilder().setTypeValue(9).setName("job"))
                        .build()).hasNext(),
                "matchers[1] has an unknown type 9 (expected EQ, NEQ, RE or NRE)");
        assertInvalid(() -> raw.fetch(fetch().addMatchers(matcher(dev.meridian.proto.node.LabelMatcher.Type.EQ, "", "b"))
                        .build()).hasNext(),
                "matchers[0] has an empty label name");
        assertInvalid(() -> raw.fetch(fetch().setStartMs(10).setEndMs(5).build()).hasNext(),
                "end_ms must not be before start_ms (got: start_ms=10, end_ms=5)");
        assertInvalid(() -> raw.labelValues(LabelValuesRequest.newBuilder().setNamespace("raw").build()),
                "name must not be empty");
        assertThatThrownBy(() -> client.labelNames("raw", List.of(), 10, 5))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void requestOverTheSizeLimitIsResourceExhausted() {
        // Each sample takes at least 9 bytes (a varint and a double), at most 18, so the request is
        // over the limit but under twice it (see StorageNodeServer).
        int samples = MAX_REQUEST_BYTES / 9 + 1;
        long[] ts = new long[samples];
        double[] vs = new double[samples];
        for (int i = 0; i < samples; i++) {
            ts[i] = i;
        }
        WriteBatch batch = new WriteBatch().add(SeriesLabels.of("__name__", "big"), ts, vs, samples);

        assertThatThrownBy(() -> client.write("raw", batch))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        // The node still serves.
        assertThat(client.write("raw", new WriteBatch().add(SeriesLabels.of("__name__", "small"), 1, 1)).samplesWritten())
                .isEqualTo(1);
    }

    @Test
    void metricsShowJvmArmeriaAndRpcMeters() {
        // A server with a registry of its own, so that the counts are this test's.
        try (StorageNodeServer node = StorageNodeServer.start(config(0), storage);
                StorageNodeClient nodeClient = StorageNodeClient.connect("127.0.0.1", node.port())) {
            nodeClient.write("raw", new WriteBatch().add(SeriesLabels.of("__name__", "up"), 1, 1));
            assertThatThrownBy(() -> nodeClient.labelNames("nope", List.of(), 0, 1)).isInstanceOf(StorageException.class);

            AggregatedHttpResponse metrics = WebClient.builder().factory(rawFactory).build()
                    .get("http://127.0.0.1:" + node.port() + "/metrics").aggregate().join();

            assertThat(metrics.status().code()).isEqualTo(200);
            assertThat(metrics.contentUtf8())
                    .contains("jvm_memory_used_bytes{area=\"heap\"")
                    .contains("jvm_gc_")
                    .contains("armeria_server_connections")
                    .contains("meridian_storage_rpc_requests_total{code=\"OK\",method=\"Write\"} 1.0")
                    .contains("meridian_storage_rpc_requests_total{code=\"NOT_FOUND\",method=\"LabelNames\"} 1.0")
                    .contains("meridian_storage_rpc_duration_seconds_bucket{method=\"Write\",le=")
                    .contains("meridian_storage_rpc_samples_written_total 1.0");
        }
    }

    @Test
    void startFailsWhenThePortIsTaken() {
        assertThatThrownBy(() -> StorageNodeServer.start(config(server.port()), storage, registry))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("127.0.0.1:" + server.port());
    }

    private List<ChunkedSeries> fetchAll(String namespace, List<LabelMatcher> matchers, long mint, long maxt) {
        List<ChunkedSeries> result = new ArrayList<>();
        client.fetch(namespace, matchers, mint, maxt, result::add);
        return result;
    }

    private AggregatedHttpResponse get(String path) {
        return http.get(path).aggregate().join();
    }

    private static FetchRequest.Builder fetch() {
        return FetchRequest.newBuilder().setNamespace("raw").setStartMs(0).setEndMs(1);
    }

    private static dev.meridian.proto.node.LabelMatcher matcher(dev.meridian.proto.node.LabelMatcher.Type type, String name,
            String value) {
        return dev.meridian.proto.node.LabelMatcher.newBuilder().setType(type).setName(name).setValue(value).build();
    }

    private static void assertInvalid(Runnable call, String description) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).contains(description);
            Metadata trailers = e.getTrailers();
            assertThat(trailers == null ? null : trailers.get(ErrorMapping.STORAGE_ERROR_CODE)).isNull();
        });
    }

    private static List<Map.Entry<Long, Double>> samples(ChunkedSeries series) {
        List<Map.Entry<Long, Double>> samples = new ArrayList<>();
        for (Chunk chunk : series.chunks()) {
            samples.addAll(FakeStorage.decode(chunk));
        }
        return samples;
    }

    private static void assertSameChunks(ChunkedSeries actual, ChunkedSeries expected) {
        assertThat(actual.labels()).isEqualTo(expected.labels());
        assertThat(actual.chunks()).hasSameSizeAs(expected.chunks());
        for (int c = 0; c < actual.chunks().size(); c++) {
            Chunk a = actual.chunks().get(c);
            Chunk e = expected.chunks().get(c);
            assertThat(a.encoding()).isEqualTo(e.encoding());
            assertThat(a.minTime()).isEqualTo(e.minTime());
            assertThat(a.maxTime()).isEqualTo(e.maxTime());
            assertThat(a.numSamples()).isEqualTo(e.numSamples());
            assertThat(a.data()).isEqualTo(e.data());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        // Two one-label sets; the second's count byte is dropped, the first's is patched by the caller.
        byte[] out = new byte[a.length + b.length - 1];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 1, out, a.length, b.length - 1);
        return out;
    }
}
