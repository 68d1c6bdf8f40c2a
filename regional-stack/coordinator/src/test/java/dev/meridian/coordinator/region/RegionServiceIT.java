package dev.meridian.coordinator.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClientBuilder;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import dev.meridian.coordinator.StorageNodes;
import dev.meridian.api.ApiLimits;
import dev.meridian.coordinator.placement.PlacementFile;
import dev.meridian.coordinator.read.NodeReader;
import dev.meridian.coordinator.read.ReplicatedQueryable;
import dev.meridian.coordinator.replication.Consistency;
import dev.meridian.coordinator.server.Coordinator;
import dev.meridian.coordinator.server.CoordinatorConfig;
import dev.meridian.coordinator.server.CoordinatorRole;
import dev.meridian.coordinator.write.RemoteWriteDecoder;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.Queryable;
import dev.meridian.promql.storage.SampleIterator;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.storage.SeriesSet;
import dev.meridian.promql.value.Matrix;
import dev.meridian.promql.value.RangeSeries;
import dev.meridian.promql.value.Sample;
import dev.meridian.promql.value.Vector;
import dev.meridian.proto.region.InfoRequest;
import dev.meridian.proto.region.LabelNamesRequest;
import dev.meridian.proto.region.LabelSet;
import dev.meridian.proto.region.LabelValuesRequest;
import dev.meridian.proto.region.MatcherSet;
import dev.meridian.proto.region.MetadataRequest;
import dev.meridian.proto.region.QueryRequest;
import dev.meridian.proto.region.QueryResponse;
import dev.meridian.proto.region.RegionGrpc;
import dev.meridian.proto.region.RegionInfo;
import dev.meridian.proto.region.SeriesPoints;
import dev.meridian.proto.region.SeriesRequest;
import dev.meridian.proto.region.SeriesResponse;
import dev.meridian.proto.region.StoreRequest;
import dev.meridian.proto.region.StoreResponse;
import dev.meridian.proto.remote.Chunk;
import dev.meridian.proto.remote.ChunkedSeries;
import dev.meridian.proto.remote.Label;
import dev.meridian.proto.remote.LabelMatcher;
import dev.meridian.proto.remote.TimeSeries;
import dev.meridian.proto.remote.WriteRequest;
import dev.meridian.storage.chunk.ChunkEncoding;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/**
 * The region service of a READ coordinator over three real storage nodes, filled through a WRITE
 * coordinator's remote write, called over a real gRPC client. Query answers are compared with the
 * engine's own answer over the same nodes (the read path the coordinator uses, built here again);
 * Store chunks are decoded with the storage module's XOR iterator. Batching and low limits use a
 * service started here with a small {@link MessageLimits} or {@link ApiLimits} over the same data.
 */
class RegionServiceIT {
    private static final String REGION = "test";
    private static final long STEP = 15_000;
    private static final int SAMPLES = 33;
    private static final Metadata.Key<String> ERROR_TYPE = Metadata.Key.of("meridian-error-type", Metadata.ASCII_STRING_MARSHALLER);

    @TempDir
    static Path dir;

    private static StorageNodes nodes;
    private static Coordinator writer;
    private static Coordinator reader;
    private static InMemorySpanExporter spans;
    private static OpenTelemetrySdk openTelemetry;
    private static ClientFactory clients;
    private static RegionGrpc.RegionBlockingStub region;
    private static ExecutorService executor;
    private static ReplicatedQueryable data;
    /** Samples from {@code first} every {@link #STEP}, {@link #SAMPLES} of them, all before now. */
    private static long first;
    private static long last;
    /** Every written series (with the region label the write coordinator adds) and its samples. */
    private static final Map<Labels, TreeMap<Long, Double>> written = new TreeMap<>();

    @BeforeAll
    static void start() throws Exception {
        // The coordinator and the storage nodes export to the same place, as they would to one collector.
        spans = InMemorySpanExporter.create();
        openTelemetry = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .build();
        nodes = new StorageNodes(dir.resolve("nodes"), 3, 16, 3, openTelemetry);
        PlacementFile.write(nodes.placement(), dir.resolve("placement.yaml"));
        Path file = Files.writeString(dir.resolve("coordinator.yaml"), """
                server:
                  port: 0
                placement: placement.yaml
                region: test
                """);
        CoordinatorConfig config = CoordinatorConfig.load(file);
        writer = Coordinator.start(config, PlacementFile.read(config.placement()), CoordinatorRole.WRITE);
        reader = Coordinator.start(config, PlacementFile.read(config.placement()), CoordinatorRole.READ, "test", openTelemetry);
        clients = ClientFactory.builder().build();
        region = client(reader.port()).build(RegionGrpc.RegionBlockingStub.class);
        executor = Executors.newFixedThreadPool(4);
        data = new ReplicatedQueryable(nodes.placement(), node -> NodeReader.of(nodes.client(node)), "raw", Consistency.MAJORITY,
                Duration.ofSeconds(10), executor);
        write();
    }

    @AfterAll
    static void stop() {
        if (clients != null) {
            clients.close();
        }
        if (reader != null) {
            reader.close();
        }
        if (writer != null) {
            writer.close();
        }
        if (nodes != null) {
            nodes.close();
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        if (openTelemetry != null) {
            openTelemetry.close();
        }
    }

    private static GrpcClientBuilder client(int port) {
        return GrpcClients.builder("gproto+http://127.0.0.1:" + port)
                .factory(clients)
                .responseTimeout(Duration.ofSeconds(30))
                // Streamed answers: limit each message, not the whole response.
                .maxResponseLength(0);
    }

    /**
     * {@code http_requests_total{job, instance, code}}: counters at rates that differ per series;
     * {@code up{job, instance}}: 1, except db/b, down (0) for the second half.
     */
    private static void write() throws Exception {
        long now = System.currentTimeMillis();
        last = now - now % STEP;
        first = last - (SAMPLES - 1) * STEP;
        WriteRequest.Builder request = WriteRequest.newBuilder();
        int n = 0;
        for (String job : List.of("api", "db")) {
            for (String instance : List.of("a", "b")) {
                for (String code : List.of("200", "500")) {
                    double rate = 1 + n++;
                    add(request, Labels.of("__name__", "http_requests_total", "job", job, "instance", instance, "code", code),
                            i -> rate * i * STEP / 1000.0);
                }
                boolean flapping = job.equals("db") && instance.equals("b");
                add(request, Labels.of("__name__", "up", "job", job, "instance", instance), i -> flapping && i > SAMPLES / 2 ? 0 : 1);
            }
        }
        request.addMetadata(dev.meridian.proto.remote.MetricMetadata.newBuilder().setMetricFamilyName("http_requests")
                .setType(dev.meridian.proto.remote.MetricMetadata.MetricType.COUNTER).setHelp("Requests handled"));
        request.addMetadata(dev.meridian.proto.remote.MetricMetadata.newBuilder().setMetricFamilyName("up")
                .setType(dev.meridian.proto.remote.MetricMetadata.MetricType.GAUGE).setHelp("1 if the target is up"));
        RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, "/api/v1/write")
                .contentType(MediaType.parse("application/x-protobuf"))
                .set("Content-Encoding", "snappy")
                .set(RemoteWriteDecoder.VERSION_HEADER, "0.1.0")
                .build();
        int status = WebClient.of(writer.writeUrl().resolve("/").toString())
                .execute(HttpRequest.of(headers, HttpData.wrap(Snappy.compress(request.build().toByteArray()))))
                .aggregate().join().status().code();
        assertThat(status).isEqualTo(204);
    }

    private interface ValueAt {
        double at(int i);
    }

    private static void add(WriteRequest.Builder request, Labels labels, ValueAt value) {
        TimeSeries.Builder series = TimeSeries.newBuilder();
        for (int i = 0; i < labels.size(); i++) {
            series.addLabels(Label.newBuilder().setName(labels.name(i)).setValue(labels.value(i)));
        }
        TreeMap<Long, Double> samples = new TreeMap<>();
        for (int i = 0; i < SAMPLES; i++) {
            long t = first + i * STEP;
            series.addSamples(dev.meridian.proto.remote.Sample.newBuilder().setTimestamp(t).setValue(value.at(i)));
            samples.put(t, value.at(i));
        }
        request.addTimeseries(series);
        written.put(labels.toBuilder().set("region", REGION).build(), samples);
    }

    // ---- Info ----------------------------------------------------------------------------------

    @Test
    void infoNamesTheRegionItsLabelsLookbackAndTheTimeRangeTheNodesHold() {
        RegionInfo info = region.info(InfoRequest.getDefaultInstance());

        assertThat(info.getName()).isEqualTo(REGION);
        assertThat(info.getExternalLabelsList()).containsExactly(Label.newBuilder().setName("region").setValue(REGION).build());
        assertThat(info.getLookbackDeltaMs()).isEqualTo(Duration.ofMinutes(5).toMillis());
        assertThat(info.getMaxTimeMs()).as("the newest sample").isEqualTo(last);
        assertThat(info.getMinTimeMs()).as("the start of the head's 2h window holding the oldest sample")
                .isLessThanOrEqualTo(first)
                .isGreaterThan(first - Duration.ofHours(2).toMillis())
                .isEqualTo(Math.floorDiv(first, Duration.ofHours(2).toMillis()) * Duration.ofHours(2).toMillis());
    }

    // ---- Query ---------------------------------------------------------------------------------

    @Test
    void rangeQueriesAnswerExactlyWhatTheEngineAnswers() {
        long start = first + 2 * 60_000;
        for (String expr : List.of(
                "sum by (job) (rate(http_requests_total[2m]))",
                "http_requests_total{code=\"500\"} / ignoring (code) http_requests_total{code=\"200\"}",
                "max by (job) (up) * 2",
                "up == 0")) {
            List<QueryResponse> answer = drain(region.query(QueryRequest.newBuilder()
                    .setExpr(expr).setStartMs(start).setEndMs(last).setStepMs(30_000).build()));

            Matrix expected = (Matrix) new Engine(EngineConfig.defaults()).rangeQuery(data, expr, start, last, 30_000).execute().value();
            assertThat(expected.series()).as(expr).isNotEmpty();
            assertThat(series(answer)).as(expr).isEqualTo(points(expected));
            assertThat(answer.get(answer.size() - 1).getLast()).isTrue();
            assertThat(answer.get(answer.size() - 1).getSamplesRead()).as(expr).isPositive();
            assertThat(answer.subList(0, answer.size() - 1)).noneMatch(QueryResponse::getLast);
        }
    }

    @Test
    void instantQueriesAnswerWhatTheEngineAnswers() {
        long time = last - 60_000;
        for (String expr : List.of("sum by (job) (rate(http_requests_total[2m]))", "up", "topk(2, http_requests_total)")) {
            List<QueryResponse> answer = drain(region.query(QueryRequest.newBuilder()
                    .setExpr(expr).setStartMs(time).setEndMs(time).build()));

            Vector expected = (Vector) new Engine(EngineConfig.defaults()).instantQuery(data, expr, time).execute().value();
            List<SeriesPoints> want = new ArrayList<>();
            for (Sample sample : expected.samples()) {
                want.add(SeriesPoints.newBuilder().addAllLabels(proto(sample.labels()))
                        .addTimestamps(time).addValues(sample.value()).build());
            }
            assertThat(want).as(expr).isNotEmpty();
            assertThat(series(answer)).as(expr).isEqualTo(want);
        }
    }

    @Test
    void resultsComeInBoundedBatchesWithoutSplittingASeries() throws Exception {
        try (TestRegion small = new TestRegion(new MessageLimits(3, 1 << 20), ApiLimits.DEFAULT)) {
            QueryRequest request = QueryRequest.newBuilder().setExpr("http_requests_total")
                    .setStartMs(first).setEndMs(last).setStepMs(STEP).build();
            List<QueryResponse> batched = drain(small.stub.query(request));

            assertThat(batched).hasSize(3);
            assertThat(batched).allSatisfy(m -> assertThat(m.getSeriesCount()).isLessThanOrEqualTo(3));
            assertThat(batched).extracting(QueryResponse::getLast).containsExactly(false, false, true);
            assertThat(series(batched)).isEqualTo(series(drain(region.query(request))));
            assertThat(series(batched)).allSatisfy(s -> assertThat(s.getTimestampsCount()).isEqualTo(SAMPLES));
        }
        // A byte limit smaller than one series: one series per message, still whole.
        try (TestRegion tiny = new TestRegion(new MessageLimits(1000, 100), ApiLimits.DEFAULT)) {
            List<StoreResponse> store = drain(tiny.stub.store(StoreRequest.newBuilder()
                    .addMatchers(equal("__name__", "up")).setStartMs(first).setEndMs(last).build()));

            assertThat(store).hasSize(4).allSatisfy(m -> assertThat(m.getSeriesCount()).isEqualTo(1));
            assertThat(decode(store)).isEqualTo(expectedSeries("up"));
        }
    }

    // ---- Store ---------------------------------------------------------------------------------

    @Test
    void storeStreamsTheWrittenSamplesAsPrometheusXorChunks() {
        List<StoreResponse> answer = drain(region.store(StoreRequest.newBuilder()
                .addMatchers(equal("__name__", "http_requests_total"))
                .addMatchers(LabelMatcher.newBuilder().setType(LabelMatcher.Type.NEQ).setName("job").setValue("db"))
                .setStartMs(first).setEndMs(last).build()));

        Map<Labels, TreeMap<Long, Double>> expected = new TreeMap<>(expectedSeries("http_requests_total"));
        expected.keySet().removeIf(labels -> labels.get("job").equals("db"));
        assertThat(decode(answer)).isEqualTo(expected);
        assertThat(answer).flatExtracting(StoreResponse::getSeriesList).extracting(s -> labels(s.getLabelsList()))
                .as("in label order").isSorted();

        // Only the samples in the range.
        long from = first + 5 * STEP;
        long to = first + 10 * STEP;
        Map<Labels, TreeMap<Long, Double>> cut = decode(drain(region.store(StoreRequest.newBuilder()
                .addMatchers(equal("__name__", "up")).setStartMs(from).setEndMs(to).build())));
        assertThat(cut.values()).hasSize(4).allSatisfy(samples -> assertThat(samples.keySet()).containsExactly(
                from, from + STEP, from + 2 * STEP, from + 3 * STEP, from + 4 * STEP, to));
    }

    // ---- Series, labels, metadata --------------------------------------------------------------

    @Test
    void seriesAreTheUnionOfTheMatcherSetsInLabelOrder() {
        List<SeriesResponse> answer = drain(region.series(SeriesRequest.newBuilder()
                .addMatcherSets(MatcherSet.newBuilder().addMatchers(equal("__name__", "up")).addMatchers(equal("job", "db")))
                .addMatcherSets(MatcherSet.newBuilder().addMatchers(equal("code", "500")).addMatchers(equal("instance", "a")))
                .setStartMs(first).setEndMs(last).build()));

        List<Labels> found = new ArrayList<>();
        answer.forEach(m -> m.getSeriesList().forEach(set -> found.add(labels(set.getLabelsList()))));
        assertThat(found).containsExactly(
                Labels.of("__name__", "http_requests_total", "code", "500", "instance", "a", "job", "api", "region", REGION),
                Labels.of("__name__", "http_requests_total", "code", "500", "instance", "a", "job", "db", "region", REGION),
                Labels.of("__name__", "up", "instance", "a", "job", "db", "region", REGION),
                Labels.of("__name__", "up", "instance", "b", "job", "db", "region", REGION));
    }

    @Test
    void labelNamesAndValuesAreSortedUnionsAndAllSeriesWithoutMatchers() {
        assertThat(region.labelNames(LabelNamesRequest.newBuilder().setStartMs(first).setEndMs(last).build()).getNamesList())
                .containsExactly("__name__", "code", "instance", "job", "region");
        assertThat(region.labelNames(LabelNamesRequest.newBuilder().setStartMs(first).setEndMs(last)
                .addMatcherSets(MatcherSet.newBuilder().addMatchers(equal("__name__", "up"))).build()).getNamesList())
                .containsExactly("__name__", "instance", "job", "region");
        assertThat(region.labelValues(LabelValuesRequest.newBuilder().setName("__name__").setStartMs(first).setEndMs(last)
                .build()).getValuesList()).containsExactly("http_requests_total", "up");
        assertThat(region.labelValues(LabelValuesRequest.newBuilder().setName("code").setStartMs(first).setEndMs(last)
                .addMatcherSets(MatcherSet.newBuilder().addMatchers(equal("job", "api")))
                .addMatcherSets(MatcherSet.newBuilder().addMatchers(equal("__name__", "up"))).build()).getValuesList())
                .containsExactly("200", "500");
    }

    @Test
    void metadataIsWhatRemoteWriteSentFilteredByMetric() {
        assertThat(region.metadata(MetadataRequest.getDefaultInstance()).getMetadataList())
                .extracting(m -> m.getMetricFamilyName() + " " + m.getType() + " " + m.getHelp())
                .containsExactly("http_requests COUNTER Requests handled", "up GAUGE 1 if the target is up");
        assertThat(region.metadata(MetadataRequest.newBuilder().setMetric("up").build()).getMetadataList())
                .extracting(dev.meridian.proto.remote.MetricMetadata::getMetricFamilyName).containsExactly("up");
    }

    // ---- Errors --------------------------------------------------------------------------------

    @Test
    void badPromqlIsInvalidArgumentWithBadData() {
        StatusRuntimeException e = queryFails(region, QueryRequest.newBuilder().setExpr("sum(").setStartMs(last).setEndMs(last));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(Status.trailersFromThrowable(e).get(ERROR_TYPE)).isEqualTo("bad_data");
        assertThat(e.getStatus().getDescription()).contains("parse error");
    }

    @Test
    void anExpressionOfAnotherTypeOrABadTimeRangeIsInvalidArgument() {
        StatusRuntimeException rangeVector = queryFails(region, QueryRequest.newBuilder().setExpr("up[5m]")
                .setStartMs(last).setEndMs(last));
        assertThat(rangeVector.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(rangeVector.getStatus().getDescription()).contains("instant vector", "range vector");
        assertThat(Status.trailersFromThrowable(rangeVector).get(ERROR_TYPE)).isEqualTo("bad_data");

        StatusRuntimeException scalar = queryFails(region, QueryRequest.newBuilder().setExpr("1 + 1").setStartMs(last).setEndMs(last));
        assertThat(scalar.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);

        StatusRuntimeException instantRange = queryFails(region, QueryRequest.newBuilder().setExpr("up")
                .setStartMs(first).setEndMs(last));
        assertThat(instantRange.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(instantRange.getStatus().getDescription()).contains("step_ms = 0");

        StatusRuntimeException emptyStore = catchThrowableOfType(StatusRuntimeException.class, () -> drain(region.store(
                StoreRequest.newBuilder().addMatchers(equal("job", "")).setStartMs(first).setEndMs(last).build())));
        assertThat(emptyStore.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void limitsAreResourceExhaustedNamingTheLimit() throws Exception {
        try (TestRegion limited = new TestRegion(MessageLimits.DEFAULT,
                new ApiLimits(500_000, 100, Duration.ofHours(1), Duration.ofMinutes(2)))) {
            // 8 series of 33 points: more than 100 samples in the result alone.
            StatusRuntimeException samples = queryFails(limited.stub, QueryRequest.newBuilder()
                    .setExpr("http_requests_total").setStartMs(first).setEndMs(last).setStepMs(STEP));
            assertThat(samples.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(samples.getStatus().getDescription()).contains("max_samples=100");
            assertThat(Status.trailersFromThrowable(samples).get(ERROR_TYPE)).isEqualTo("execution");

            StatusRuntimeException storeSamples = catchThrowableOfType(StatusRuntimeException.class, () -> drain(limited.stub.store(
                    StoreRequest.newBuilder().addMatchers(equal("__name__", "http_requests_total"))
                            .setStartMs(first).setEndMs(last).build())));
            assertThat(storeSamples.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(storeSamples.getStatus().getDescription()).contains("max_samples=100");

            StatusRuntimeException range = queryFails(limited.stub, QueryRequest.newBuilder().setExpr("up")
                    .setStartMs(last - Duration.ofHours(2).toMillis()).setEndMs(last).setStepMs(60_000));
            assertThat(range.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(range.getStatus().getDescription()).contains("max_range=1h");
            assertThat(Status.trailersFromThrowable(range).get(ERROR_TYPE)).isEqualTo("bad_data");
        }
        try (TestRegion limited = new TestRegion(MessageLimits.DEFAULT,
                new ApiLimits(3, 50_000_000, Duration.ofDays(1), Duration.ofMinutes(2)))) {
            StatusRuntimeException series = catchThrowableOfType(StatusRuntimeException.class, () -> drain(limited.stub.store(
                    StoreRequest.newBuilder().addMatchers(equal("__name__", "http_requests_total"))
                            .setStartMs(last).setEndMs(last).build())));
            assertThat(series.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(series.getStatus().getDescription()).contains("max_series=3");
            assertThat(Status.trailersFromThrowable(series).get(ERROR_TYPE)).isEqualTo("execution");
        }
    }

    @Test
    void aCallPastItsDeadlineIsDeadlineExceededAndItsQueryEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // Storage that answers only when released: the call's deadline passes while it waits.
        Queryable stuck = (mint, maxt) -> {
            Querier querier = data.querier(mint, maxt);
            return new Querier() {
                @Override
                public SeriesSet select(SelectHints hints, List<dev.meridian.promql.labels.LabelMatcher> matchers) {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return querier.select(hints, matchers);
                }

                @Override
                public List<String> labelNames(List<dev.meridian.promql.labels.LabelMatcher> matchers) {
                    return querier.labelNames(matchers);
                }

                @Override
                public List<String> labelValues(String name, List<dev.meridian.promql.labels.LabelMatcher> matchers) {
                    return querier.labelValues(name, matchers);
                }

                @Override
                public void close() {
                    querier.close();
                    closed.countDown();
                }
            };
        };
        try (TestRegion slow = new TestRegion(MessageLimits.DEFAULT, ApiLimits.DEFAULT, stuck)) {
            QueryRequest request = QueryRequest.newBuilder().setExpr("sum(rate(http_requests_total[2m]))")
                    .setStartMs(first).setEndMs(last).setStepMs(STEP).build();

            StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                    () -> drain(slow.stub.withDeadlineAfter(300, TimeUnit.MILLISECONDS).query(request)));
            release.countDown();

            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
            assertThat(closed.await(10, TimeUnit.SECONDS)).as("the query ended and closed its querier").isTrue();
            assertThat(drain(slow.stub.query(request))).isNotEmpty();
        }
    }

    // ---- Tracing -------------------------------------------------------------------------------

    @Test
    void aQueryContinuesTheCallersTraceAndItsStorageFetchesAreChildSpans() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String callerSpan = "00f067aa0ba902b7";
        RegionGrpc.RegionBlockingStub traced = client(reader.port())
                .addHeader("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .build(RegionGrpc.RegionBlockingStub.class);
        spans.reset();

        drain(traced.query(QueryRequest.newBuilder().setExpr("sum by (job) (up)")
                .setStartMs(first).setEndMs(last).setStepMs(STEP).build()));

        List<SpanData> trace = spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
        SpanData query = trace.stream().filter(s -> s.getName().equals("region.Query")).findFirst().orElseThrow();
        assertThat(query.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(query.getParentSpanId()).isEqualTo(callerSpan);
        assertThat(query.getAttributes().get(AttributeKey.stringKey("meridian.query.expr"))).isEqualTo("sum by (job) (up)");
        assertThat(query.getAttributes().get(AttributeKey.longKey("meridian.query.series"))).isEqualTo(2);
        assertThat(query.getAttributes().get(AttributeKey.longKey("rpc.grpc.status_code"))).isZero();

        List<SpanData> fetches = trace.stream().filter(s -> s.getName().equals("storage.Fetch")).toList();
        assertThat(fetches).as("one per node").hasSize(3).allSatisfy(fetch -> {
            assertThat(fetch.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(fetch.getParentSpanId()).isEqualTo(query.getSpanId());
        });
        assertThat(fetches).extracting(s -> s.getAttributes().get(AttributeKey.stringKey("meridian.node.id")))
                .containsExactlyInAnyOrder("node-1", "node-2", "node-3");

        // Each storage node continued the fetch's trace: one node.Fetch SERVER span per storage.Fetch,
        // its child, so the trace runs from the caller through the region to every node.
        List<SpanData> nodeFetches = trace.stream().filter(s -> s.getName().equals("node.Fetch")).toList();
        assertThat(nodeFetches).as("one per node").hasSize(3).allSatisfy(nodeFetch -> {
            assertThat(nodeFetch.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(nodeFetch.getParentSpanContext().isRemote()).isTrue();
            assertThat(nodeFetch.getAttributes().get(AttributeKey.stringKey("rpc.service"))).isEqualTo("meridian.node.StorageNode");
            assertThat(nodeFetch.getAttributes().get(AttributeKey.longKey("rpc.grpc.status_code"))).isZero();
        });
        assertThat(nodeFetches).extracting(SpanData::getParentSpanId)
                .containsExactlyInAnyOrderElementsOf(fetches.stream().map(SpanData::getSpanId).toList());
    }

    // ---- Helpers -------------------------------------------------------------------------------

    /** A region service started here over the same nodes, with its own message and query limits. */
    private static final class TestRegion implements AutoCloseable {
        final Server server;
        final ClientFactory factory = ClientFactory.builder().build();
        final RegionGrpc.RegionBlockingStub stub;

        TestRegion(MessageLimits messages, ApiLimits limits) {
            this(messages, limits, data);
        }

        TestRegion(MessageLimits messages, ApiLimits limits, Queryable queryable) {
            RegionService service = new RegionService(new RegionIdentity(REGION,
                    dev.meridian.coordinator.write.ExternalLabels.of(Map.of("region", REGION))),
                    () -> dev.meridian.storage.TimeRange.EMPTY, queryable, new Engine(EngineConfig.defaults()), limits, List::of,
                    executor, messages);
            ServerBuilder sb = Server.builder().http(new InetSocketAddress("127.0.0.1", 0))
                    .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO);
            service.bind(sb, OpenTelemetry.noop());
            server = sb.build();
            server.start().join();
            stub = client(server.activeLocalPort()).factory(factory).build(RegionGrpc.RegionBlockingStub.class);
        }

        @Override
        public void close() {
            factory.close();
            server.stop().join();
        }
    }

    private static <T> List<T> drain(Iterator<T> messages) {
        List<T> all = new ArrayList<>();
        messages.forEachRemaining(all::add);
        return all;
    }

    private static StatusRuntimeException queryFails(RegionGrpc.RegionBlockingStub stub, QueryRequest.Builder request) {
        return catchThrowableOfType(StatusRuntimeException.class, () -> drain(stub.query(request.build())));
    }

    private static LabelMatcher equal(String name, String value) {
        return LabelMatcher.newBuilder().setType(LabelMatcher.Type.EQ).setName(name).setValue(value).build();
    }

    private static List<SeriesPoints> series(List<QueryResponse> answer) {
        List<SeriesPoints> all = new ArrayList<>();
        answer.forEach(m -> all.addAll(m.getSeriesList()));
        return all;
    }

    /** The engine's range result as the region should send it: the region label added where missing. */
    private static List<SeriesPoints> points(Matrix matrix) {
        List<SeriesPoints> out = new ArrayList<>();
        for (RangeSeries s : matrix.series()) {
            SeriesPoints.Builder points = SeriesPoints.newBuilder().addAllLabels(proto(s.labels()));
            for (int i = 0; i < s.size(); i++) {
                points.addTimestamps(s.timestamp(i)).addValues(s.value(i));
            }
            out.add(points.build());
        }
        return out;
    }

    private static List<Label> proto(Labels labels) {
        List<Label> out = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            out.add(Label.newBuilder().setName(labels.name(i)).setValue(labels.value(i)).build());
        }
        return out;
    }

    private static Labels labels(List<Label> labels) {
        Labels.Builder out = Labels.builder();
        labels.forEach(l -> out.set(l.getName(), l.getValue()));
        return out.build();
    }

    private static Map<Labels, TreeMap<Long, Double>> expectedSeries(String metric) {
        Map<Labels, TreeMap<Long, Double>> out = new TreeMap<>();
        written.forEach((labels, samples) -> {
            if (labels.metricName().equals(metric)) {
                out.put(labels, samples);
            }
        });
        return out;
    }

    /** The samples of every series of a Store answer, each series whole in one message. */
    private static Map<Labels, TreeMap<Long, Double>> decode(List<StoreResponse> answer) {
        Map<Labels, TreeMap<Long, Double>> out = new LinkedHashMap<>();
        for (StoreResponse message : answer) {
            for (ChunkedSeries series : message.getSeriesList()) {
                TreeMap<Long, Double> samples = new TreeMap<>();
                for (Chunk chunk : series.getChunksList()) {
                    assertThat(chunk.getType()).isEqualTo(Chunk.Encoding.XOR);
                    TreeMap<Long, Double> inChunk = new TreeMap<>();
                    SampleIterator it = storageChunk(chunk).iterator();
                    while (it.next()) {
                        inChunk.put(it.timestamp(), it.value());
                    }
                    assertThat(inChunk.firstKey()).isEqualTo(chunk.getMinTimeMs());
                    assertThat(inChunk.lastKey()).isEqualTo(chunk.getMaxTimeMs());
                    samples.putAll(inChunk);
                }
                assertThat(out.put(labels(series.getLabelsList()), samples)).as("a series comes once, whole").isNull();
            }
        }
        return new TreeMap<>(out);
    }

    /**
     * A Prometheus XOR chunk as the storage module's: Prometheus' bytes are a big-endian uint16
     * sample count, the first timestamp as a zigzag varint, then the storage's XOR stream
     * (docs/format/chunk.md) — which starts at the first value, takes the first timestamp from the
     * chunk's minimum time, and ignores the one padding byte Prometheus may add.
     */
    private static dev.meridian.storage.chunk.Chunk storageChunk(Chunk chunk) {
        byte[] data = chunk.getData().toByteArray();
        int count = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
        int pos = 2;
        long zigzag = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = data[pos++];
            zigzag |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                break;
            }
        }
        long t0 = (zigzag >>> 1) ^ -(zigzag & 1);
        assertThat(t0).isEqualTo(chunk.getMinTimeMs());
        byte[] stream = java.util.Arrays.copyOfRange(data, pos, data.length);
        return new dev.meridian.storage.chunk.Chunk(ChunkEncoding.XOR, stream, count, t0, chunk.getMaxTimeMs());
    }
}
