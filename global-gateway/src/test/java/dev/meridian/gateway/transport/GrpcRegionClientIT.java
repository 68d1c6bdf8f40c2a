package dev.meridian.gateway.transport;

import static dev.meridian.gateway.transport.FakeRegionServer.label;
import static dev.meridian.gateway.transport.TestCalls.await;
import static dev.meridian.gateway.transport.TestCalls.eventually;
import static dev.meridian.gateway.transport.TestCalls.failure;
import static dev.meridian.gateway.transport.TestCalls.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.meridian.gateway.region.CallOptions;
import dev.meridian.gateway.region.Listing;
import dev.meridian.gateway.region.Metadata;
import dev.meridian.gateway.region.QueryResult;
import dev.meridian.gateway.region.RegionException;
import dev.meridian.gateway.region.RegionException.Kind;
import dev.meridian.gateway.region.RegionInfo;
import dev.meridian.gateway.region.RegionQuery;
import dev.meridian.gateway.region.StoreQuery;
import dev.meridian.gateway.region.StoreResult;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.labels.MatchType;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.value.RangeSeries;
import dev.meridian.proto.region.QueryRequest;
import dev.meridian.proto.region.SeriesPoints;
import dev.meridian.proto.region.StoreRequest;
import dev.meridian.proto.remote.Chunk;
import dev.meridian.proto.remote.ChunkedSeries;
import dev.meridian.proto.remote.MetricMetadata;
import io.grpc.Status;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GrpcRegionClientIT {
    private static final long STALE_NAN = 0x7ff0000000000002L;

    private static FakeRegionServer shared;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        shared = new FakeRegionServer();
    }

    @AfterAll
    static void stopServer() {
        shared.close();
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        shared.reset();
    }

    private FakeRegionServer server() {
        return shared;
    }

    private GrpcRegionClient client(RegionClientConfig config) {
        GrpcRegionClient client = GrpcRegionClient.builder(config).build();
        closeables.add(client);
        return client;
    }

    private GrpcRegionClient client(FakeRegionServer server) {
        return client(RegionClientConfig.builder("eu", List.of(server.endpoint())).hedge(HedgePolicy.off()).build());
    }

    static SeriesPoints points(String job, long[] timestamps, double[] values) {
        SeriesPoints.Builder series = SeriesPoints.newBuilder()
                .addLabels(label("job", job))
                .addLabels(label("region", "eu"));
        for (int i = 0; i < timestamps.length; i++) {
            series.addTimestamps(timestamps[i]).addValues(values[i]);
        }
        return series.build();
    }

    static Chunk xor(long[] timestamps, double[] values) {
        return Chunk.newBuilder()
                .setType(Chunk.Encoding.XOR)
                .setMinTimeMs(timestamps[0])
                .setMaxTimeMs(timestamps[timestamps.length - 1])
                .setData(ByteString.copyFrom(SimpleXorChunks.encode(timestamps, values)))
                .build();
    }

    @Test
    void queryCollectsSeriesAcrossMessagesWithWarningsStatsAndWireBytes() throws Exception {
        FakeRegionServer server = server();
        List<SeriesPoints> series = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            series.add(points("job" + i, new long[] {1000, 2000, 3000}, new double[] {i, i + 0.5, Double.NaN}));
        }
        server.querySeries = series;
        server.seriesPerMessage = 2;
        server.queryWarnings = List.of("storage node n3 did not answer");
        server.samplesRead = 42;

        QueryResult result = await(client(server).query(new RegionQuery("sum by (job) (x)", 1000, 3000, 1000), seconds(10)));

        assertThat(result.series()).hasSize(5);
        RangeSeries third = result.series().get(2);
        assertThat(third.labels()).isEqualTo(Labels.of("job", "job2", "region", "eu"));
        assertThat(third.size()).isEqualTo(3);
        assertThat(third.timestamp(1)).isEqualTo(2000);
        assertThat(third.value(1)).isEqualTo(2.5);
        assertThat(third.value(2)).isNaN();
        assertThat(result.warnings()).containsExactly("storage node n3 did not answer");
        assertThat(result.samplesRead()).isEqualTo(42);
        assertThat(result.wireBytes()).isPositive().isEqualTo(server.bytesSent.get());
        assertThat(server.requests).containsExactly(QueryRequest.newBuilder()
                .setExpr("sum by (job) (x)").setStartMs(1000).setEndMs(3000).setStepMs(1000).build());
    }

    @Test
    void queryStreamEndingWithoutItsLastMessageIsInternal() {
        FakeRegionServer server = server();
        server.querySeries = List.of(points("a", new long[] {1}, new double[] {1}));
        server.omitLast = true;

        RegionException e = failure(client(server).query(new RegionQuery("x", 1, 1, 0), seconds(10)));

        assertThat(e.kind()).isEqualTo(Kind.INTERNAL);
        assertThat(e.getMessage()).contains("without its last message");
    }

    @Test
    void querySeriesWithMismatchedArraysIsInternal() {
        FakeRegionServer server = server();
        server.querySeries = List.of(SeriesPoints.newBuilder().addLabels(label("a", "b"))
                .addTimestamps(1).addTimestamps(2).addValues(1).build());

        RegionException e = failure(client(server).query(new RegionQuery("x", 1, 2, 1), seconds(10)));

        assertThat(e.kind()).isEqualTo(Kind.INTERNAL);
        assertThat(e.getMessage()).contains("2 timestamps but 1 values");
    }

    @Test
    void storeDecodesXorChunksMergesOverlapsAndClipsToTheRange() throws Exception {
        FakeRegionServer server = server();
        double stale = Double.longBitsToDouble(STALE_NAN);
        server.storeSeries = List.of(
                ChunkedSeries.newBuilder()
                        .addLabels(label("__name__", "up")).addLabels(label("job", "a"))
                        .addChunks(xor(new long[] {0, 10, 20, 30}, new double[] {0, 1, 2, 3}))
                        .addChunks(xor(new long[] {30, 40, 50, 60}, new double[] {3, 4, stale, 6}))
                        .build(),
                ChunkedSeries.newBuilder()
                        .addLabels(label("__name__", "up")).addLabels(label("job", "b"))
                        .addChunks(xor(new long[] {100, 110}, new double[] {1, 1}))
                        .build(),
                ChunkedSeries.newBuilder()
                        .addLabels(label("__name__", "up")).addLabels(label("job", "c"))
                        .addChunks(xor(new long[] {15, 25}, new double[] {7, 8}))
                        .build());
        server.seriesPerMessage = 1;
        server.storeWarnings = List.of("replica n2 slow");
        StoreQuery query = new StoreQuery(List.of(LabelMatcher.equal("__name__", "up"),
                LabelMatcher.of(MatchType.REGEX, "job", "a|b|c")), 10, 50,
                new SelectHints(10, 50, 5, 60, "rate", List.of("job"), true));

        StoreResult result = await(client(server).store(query, seconds(10)));

        assertThat(result.series()).hasSize(2); // job="b" has nothing in [10, 50]
        RangeSeries a = result.series().get(0);
        assertThat(a.labels()).isEqualTo(Labels.of("__name__", "up", "job", "a"));
        long[] timestamps = new long[a.size()];
        for (int i = 0; i < a.size(); i++) {
            timestamps[i] = a.timestamp(i);
        }
        assertThat(timestamps).containsExactly(10, 20, 30, 40, 50);
        assertThat(Double.doubleToRawLongBits(a.value(4))).isEqualTo(STALE_NAN);
        assertThat(result.series().get(1).labels().get("job")).isEqualTo("c");
        assertThat(result.warnings()).containsExactly("replica n2 slow");
        assertThat(result.wireBytes()).isPositive().isEqualTo(server.bytesSent.get());
        StoreRequest sent = (StoreRequest) server.requests.get(0);
        assertThat(sent.getMatchers(1).getType()).isEqualTo(dev.meridian.proto.remote.LabelMatcher.Type.RE);
        assertThat(sent.getHints().getFunc()).isEqualTo("rate");
        assertThat(sent.getHints().getRangeMs()).isEqualTo(60);
        assertThat(sent.getHints().getGroupingList()).containsExactly("job");
    }

    @Test
    void storeSeriesOutOfLabelOrderIsInternal() {
        FakeRegionServer server = server();
        server.storeSeries = List.of(
                ChunkedSeries.newBuilder().addLabels(label("job", "b")).addChunks(xor(new long[] {1}, new double[] {1})).build(),
                ChunkedSeries.newBuilder().addLabels(label("job", "a")).addChunks(xor(new long[] {1}, new double[] {1})).build());

        RegionException e = failure(client(server).store(
                new StoreQuery(List.of(LabelMatcher.equal("job", "a")), 0, 10, SelectHints.ofRange(0, 10)), seconds(10)));

        assertThat(e.kind()).isEqualTo(Kind.INTERNAL);
        assertThat(e.getMessage()).contains("out of label order");
    }

    @Test
    void storeChunkThatDoesNotDecodeIsInternalAndNamesTheSeries() {
        FakeRegionServer server = server();
        server.storeSeries = List.of(ChunkedSeries.newBuilder().addLabels(label("job", "a"))
                .addChunks(Chunk.newBuilder().setType(Chunk.Encoding.XOR).setData(ByteString.copyFrom(new byte[] {0, 3, 1})))
                .build());

        RegionException e = failure(client(server).store(
                new StoreQuery(List.of(LabelMatcher.equal("job", "a")), 0, 10, SelectHints.ofRange(0, 10)), seconds(10)));

        assertThat(e.kind()).isEqualTo(Kind.INTERNAL);
        assertThat(e.getMessage()).contains("{job=\"a\"}").contains("truncated");
    }

    @Test
    void metadataCallsRoundTrip() throws Exception {
        FakeRegionServer server = server();
        server.seriesListing = List.of(List.of(label("__name__", "up"), label("job", "a")),
                List.of(label("__name__", "up"), label("job", "b")), List.of(label("__name__", "x")));
        server.labelNames = List.of("__name__", "job");
        server.labelValues = List.of("a", "b");
        server.metadata = List.of(
                MetricMetadata.newBuilder().setMetricFamilyName("http_requests").setType(MetricMetadata.MetricType.COUNTER)
                        .setHelp("Requests.").setUnit("requests").build(),
                MetricMetadata.newBuilder().setMetricFamilyName("latency").setType(MetricMetadata.MetricType.GAUGEHISTOGRAM)
                        .build(),
                MetricMetadata.newBuilder().setMetricFamilyName("build").setTypeValue(42).build());
        GrpcRegionClient client = client(server);
        List<List<LabelMatcher>> sets = List.of(List.of(LabelMatcher.equal("__name__", "up")));

        Listing<Labels> series = await(client.series(sets, 0, 100, seconds(10)));
        Listing<String> names = await(client.labelNames(List.of(), 0, 100, seconds(10)));
        Listing<String> values = await(client.labelValues("job", sets, 0, 100, seconds(10)));
        Listing<Metadata> metadata = await(client.metadata("", seconds(10)));

        assertThat(series.items()).containsExactly(Labels.of("__name__", "up", "job", "a"),
                Labels.of("__name__", "up", "job", "b"), Labels.of("__name__", "x"));
        assertThat(names.items()).containsExactly("__name__", "job");
        assertThat(names.warnings()).containsExactly("names partial");
        assertThat(values.items()).containsExactly("a", "b");
        assertThat(metadata.items()).containsExactly(
                new Metadata("http_requests", "counter", "Requests.", "requests"),
                new Metadata("latency", "gaugehistogram", "", ""),
                new Metadata("build", "unknown", "", ""));
    }

    @Test
    void regionStatusesMapToKindsWithTheRegionsMessageAndErrorType() {
        FakeRegionServer server = server();
        GrpcRegionClient client = client(server);
        record Case(Status status, String errorType, Kind kind) {}
        List<Case> cases = List.of(
                new Case(Status.INVALID_ARGUMENT.withDescription("parse error at char 3"), "bad_data", Kind.BAD_REQUEST),
                new Case(Status.RESOURCE_EXHAUSTED.withDescription("max_series 1000 exceeded"), "execution", Kind.LIMIT),
                new Case(Status.DEADLINE_EXCEEDED.withDescription("query timed out in expression evaluation"), "timeout",
                        Kind.TIMEOUT),
                new Case(Status.UNAVAILABLE.withDescription("1 of 3 replicas answered"), "unavailable", Kind.UNAVAILABLE),
                new Case(Status.CANCELLED.withDescription("caller went away"), "canceled", Kind.CANCELED),
                new Case(Status.INTERNAL.withDescription("index out of bounds"), "internal", Kind.INTERNAL),
                new Case(Status.UNKNOWN.withDescription("boom"), "internal", Kind.INTERNAL),
                new Case(Status.UNIMPLEMENTED.withDescription("no Query here"), null, Kind.INTERNAL));
        for (Case c : cases) {
            server.failWith(c.status(), c.errorType());

            RegionException e = failure(client.query(new RegionQuery("x", 1, 1, 0), seconds(10)));

            assertThat(e.kind()).as(c.status().getCode().toString()).isEqualTo(c.kind());
            assertThat(e.region()).isEqualTo("eu");
            assertThat(e.getMessage()).contains(c.status().getDescription());
            assertThat(e.errorType()).isEqualTo(c.errorType() == null ? "" : c.errorType());
        }
    }

    @Test
    void connectionRefusedIsUnavailableAndNamesTheEndpoint() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        GrpcRegionClient client = client(RegionClientConfig.builder("eu", List.of("127.0.0.1:" + port))
                .hedge(HedgePolicy.off()).build());

        RegionException e = failure(client.query(new RegionQuery("x", 1, 1, 0), seconds(10)));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("127.0.0.1:" + port);
    }

    @Test
    void hungServerFailsWithTimeoutAtTheDeadlineAndTheCallIsCancelled() throws Exception {
        FakeRegionServer server = server();
        GrpcRegionClient client = client(server);
        await(client.refreshInfo()); // connected, so the call reaches the server well within its deadline
        server.hang = true;

        RegionException e = failure(client.query(new RegionQuery("x", 1, 1, 0),
                CallOptions.within(TimeUnit.SECONDS.toNanos(1), true)));

        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        eventually(() -> server.cancellations.get() == 1);
    }

    @Test
    void deadlineAlreadyPassedFailsWithTimeoutWithoutCallingTheRegion() {
        FakeRegionServer server = server();

        RegionException e = failure(client(server).query(new RegionQuery("x", 1, 1, 0),
                new CallOptions(System.nanoTime() - 1, true)));

        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(server.calls.get()).isZero();
    }

    @Test
    void cancellingTheFutureCancelsTheCallAtTheRegion() throws Exception {
        FakeRegionServer server = server();
        server.hang = true;
        CompletableFuture<QueryResult> call = client(server).query(new RegionQuery("x", 1, 1, 0), seconds(30));
        eventually(() -> server.calls.get() == 1);

        call.cancel(true);

        eventually(() -> server.cancellations.get() == 1);
    }

    @Test
    void infoIsAPlaceholderThatPrunesNothingUntilTheRegionAnswers() throws Exception {
        FakeRegionServer server = server();
        server.hang = true;
        GrpcRegionClient client = client(server);

        RegionInfo placeholder = client.info();

        assertThat(placeholder.name()).isEqualTo("eu");
        assertThat(placeholder.externalLabels()).isEqualTo(Labels.of("region", "eu"));
        assertThat(placeholder.overlaps(Long.MIN_VALUE, Long.MIN_VALUE)).isTrue();
        assertThat(placeholder.overlaps(Long.MAX_VALUE, Long.MAX_VALUE)).isTrue();
        assertThat(placeholder.lookbackDeltaMillis()).isEqualTo(300_000);
    }

    @Test
    void startFetchesInfoAndRefreshesItPeriodically() throws Exception {
        FakeRegionServer server = server();
        GrpcRegionClient client = client(RegionClientConfig.builder("eu", List.of(server.endpoint()))
                .infoRefreshInterval(Duration.ofMillis(20)).build());

        RegionInfo first = await(client.start());

        assertThat(first).isEqualTo(new RegionInfo("eu", Labels.of("region", "eu"), 1000, 9000, 300_000));
        assertThat(client.info()).isEqualTo(first);

        server.info = server.info.toBuilder().setMaxTimeMs(12_000).build();
        eventually(() -> client.info().maxTime() == 12_000);
        assertThatThrownBy(client::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void infoFromAnotherRegionIsRefusedAndKeepsThePreviousInfo() throws Exception {
        FakeRegionServer server = server();
        GrpcRegionClient client = client(server);
        RegionInfo good = await(client.refreshInfo());
        server.info = server.info.toBuilder().setName("us").build();

        RegionException e = failure(client.refreshInfo());

        assertThat(e.kind()).isEqualTo(Kind.INTERNAL);
        assertThat(e.getMessage()).contains("says it is region us");
        assertThat(client.info()).isEqualTo(good);
    }

    @Test
    void failedInfoRefreshKeepsThePlaceholder() {
        FakeRegionServer server = server();
        server.failWith(Status.UNAVAILABLE.withDescription("starting"), "unavailable");
        GrpcRegionClient client = client(server);

        RegionException e = failure(client.refreshInfo());

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(client.info().minTime()).isEqualTo(Long.MIN_VALUE);
    }
}
