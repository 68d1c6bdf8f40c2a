package dev.meridian.api;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import dev.meridian.promql.ErrorCode;
import dev.meridian.promql.PromqlException;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.value.Sample;
import dev.meridian.promql.value.Vector;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PrometheusApi} over HTTP on 127.0.0.1 with a hand-written {@link FakeBackend}: what the
 * backend receives (requests already parsed and checked), how its warnings and
 * {@link ResponseField}s land in the success and error envelopes, {@link PrometheusApi#bindExtra},
 * and cancellation reaching {@link PreparedQuery#cancel()}.
 */
class PrometheusApiBackendIT {
    private static final Instant NOW = Instant.parse("2023-11-14T22:13:20Z"); // 1700000000
    private static final ApiLimits LIMITS = new ApiLimits(1000, 1_000_000, Duration.ofDays(1), Duration.ofMinutes(10));
    private static final BuildInfo BUILD_INFO = new BuildInfo("0.1.0", "abc", "main", "me", "today", "java17");
    private static final ResponseField COVERAGE = new ResponseField("coverage", "[{\"region\":\"eu\",\"status\":\"timeout\"}]");
    private static final ResponseField EXPLAIN = new ResponseField("explain", "{\"plan\":\"sum(up)\"}");

    private static final ExecutorService executor = Executors.newCachedThreadPool();
    private static FakeBackend backend;
    private static Server server;
    private static WebClient client;

    @BeforeAll
    static void start() {
        backend = new FakeBackend();
        PrometheusApi api = new PrometheusApi(backend, LIMITS, BUILD_INFO, Clock.fixed(NOW, ZoneOffset.UTC), executor);
        ServerBuilder sb = Server.builder().http(new InetSocketAddress("127.0.0.1", 0));
        api.bind(sb);
        QueryParams queryParams = new QueryParams(LIMITS, Clock.fixed(NOW, ZoneOffset.UTC));
        // As the gateway's explain endpoint would: the query read as /query or /query_range reads it.
        api.bindExtra(sb, "/api/v1/query_explain", Set.of(HttpMethod.GET, HttpMethod.POST), (ctx, params) -> {
            QueryRequest request = params.value("step").isEmpty() ? queryParams.instant(params) : queryParams.range(params);
            if (params.value("fail").equals("api")) {
                throw new ApiException(ApiErrorType.UNAVAILABLE, "no region answered", List.of(COVERAGE));
            }
            if (params.value("fail").equals("engine")) {
                throw new PromqlException(ErrorCode.EXECUTION, "cannot plan " + request.expr());
            }
            return new Answer<>("{\"expr\":\"" + request.expr() + "\",\"step\":" + request.stepMillis() + "}", List.of("approximate"),
                    List.of(EXPLAIN));
        });
        api.bindExtra(sb, "/api/v1/get_only", Set.of(HttpMethod.GET), (ctx, params) -> Answer.of("1"));
        server = sb.build();
        server.start().join();
        client = WebClient.of("http://127.0.0.1:" + server.activeLocalPort());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop().join();
        }
        executor.shutdownNow();
    }

    @BeforeEach
    void freshBackend() {
        backend.queries.clear();
        backend.lookups.clear();
        backend.labelNamesAsked.clear();
        backend.metricsAsked.clear();
        backend.onQuery = request -> FakeBackend.answering(Answer.of(new QueryOutcome(new Vector(List.of()), 0, 0)));
    }

    private static AggregatedHttpResponse get(String pathAndQuery) {
        return client.get(pathAndQuery).aggregate().join();
    }

    private static AggregatedHttpResponse send(HttpMethod method, String path, String formBody) {
        RequestHeaders headers = RequestHeaders.builder(method, path).contentType(MediaType.FORM_DATA).build();
        return client.execute(headers, formBody).aggregate().join();
    }

    @Test
    void writesTheBackendsWarningsOnceAndItsFieldsAfterThem() {
        Vector vector = new Vector(List.of(new Sample(Labels.of("__name__", "up", "region", "us"), 1_700_000_000_000L, 1)));
        backend.onQuery = request -> FakeBackend.answering(new Answer<>(new QueryOutcome(vector, 10, 1),
                List.of("region eu timed out", "region eu timed out", "region ap is slow"), List.of(COVERAGE, EXPLAIN)));

        AggregatedHttpResponse reply = get("/api/v1/query?query=up");

        assertThat(reply.status().code()).isEqualTo(200);
        assertThat(reply.contentType()).isEqualTo(MediaType.JSON);
        assertThat(reply.contentUtf8()).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"__name__\":\"up\",\"region\":\"us\"},\"value\":[1700000000,\"1\"]}]},"
                + "\"warnings\":[\"region eu timed out\",\"region ap is slow\"],"
                + "\"coverage\":[{\"region\":\"eu\",\"status\":\"timeout\"}],\"explain\":{\"plan\":\"sum(up)\"}}");
    }

    @Test
    void writesFieldsWithoutWarningsAndStatsFromTheOutcome() {
        backend.onQuery = request -> FakeBackend.answering(new Answer<>(new QueryOutcome(new Vector(List.of()), 1234, 56),
                List.of(), List.of(COVERAGE)));

        String body = get("/api/v1/query?query=up&stats=1").contentUtf8();

        assertThat(body).startsWith("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[],\"stats\":{")
                .contains("\"samples\":{\"totalQueryableSamples\":1234,\"peakSamples\":56}}}")
                .endsWith("}},\"coverage\":[{\"region\":\"eu\",\"status\":\"timeout\"}]}")
                .doesNotContain("warnings");
    }

    @Test
    void writesTheFieldsOfABackendsErrorInTheErrorEnvelope() {
        backend.onQuery = request -> FakeBackend.failing(
                new ApiException(ApiErrorType.TIMEOUT, "query timed out in region eu", List.of(COVERAGE)));

        AggregatedHttpResponse reply = get("/api/v1/query?query=up");

        assertThat(reply.status().code()).isEqualTo(503);
        assertThat(reply.contentUtf8()).isEqualTo("{\"status\":\"error\",\"errorType\":\"timeout\","
                + "\"error\":\"query timed out in region eu\",\"coverage\":[{\"region\":\"eu\",\"status\":\"timeout\"}]}");
    }

    @Test
    void mapsABackendsEngineErrorsAsTheEngines() {
        backend.onQuery = request -> {
            throw new PromqlException(ErrorCode.EXECUTION, "many-to-many matching not allowed");
        };
        AggregatedHttpResponse atPrepare = get("/api/v1/query?query=up");
        backend.onQuery = request -> FakeBackend.failing(
                ApiException.from(new PromqlException(ErrorCode.TOO_MANY_SAMPLES, "too many samples")).withFields(List.of(COVERAGE)));
        AggregatedHttpResponse atExecute = get("/api/v1/query?query=up");

        assertThat(atPrepare.status().code()).isEqualTo(422);
        assertThat(atPrepare.contentUtf8())
                .isEqualTo("{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"many-to-many matching not allowed\"}");
        assertThat(atExecute.status().code()).isEqualTo(422);
        assertThat(atExecute.contentUtf8()).isEqualTo("{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"too many samples\","
                + "\"coverage\":[{\"region\":\"eu\",\"status\":\"timeout\"}]}");
    }

    @Test
    void handsTheBackendCheckedQueryRequests() {
        get("/api/v1/query?query=sum(up)&time=1700000000.5&timeout=5s&partial_response=abort");
        send(HttpMethod.POST, "/api/v1/query_range", "query=up&start=1700000000&end=1700003600&step=60");
        get("/api/v1/query?query=up");

        assertThat(backend.queries).hasSize(3);
        QueryRequest instant = backend.queries.get(0);
        assertThat(instant.expr().toString()).isEqualTo("sum(up)");
        assertThat(instant.instant()).isTrue();
        assertThat(instant.startMillis()).isEqualTo(1_700_000_000_500L).isEqualTo(instant.endMillis());
        assertThat(instant.timeoutNanos()).as("the client's timeout, under the limit").isEqualTo(5_000_000_000L);
        assertThat(instant.params().value("partial_response")).isEqualTo("abort");
        QueryRequest range = backend.queries.get(1);
        assertThat(range.instant()).isFalse();
        assertThat(List.of(range.startMillis(), range.endMillis(), range.stepMillis()))
                .containsExactly(1_700_000_000_000L, 1_700_003_600_000L, 60_000L);
        assertThat(range.timeoutNanos()).as("the limit").isEqualTo(Duration.ofMinutes(10).toNanos());
        assertThat(backend.queries.get(2).startMillis()).as("time defaults to the clock").isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void refusesBadParametersWithoutAskingTheBackend() {
        AggregatedHttpResponse badStep = get("/api/v1/query_range?query=up&start=1700000000&end=1700003600&step=0");
        AggregatedHttpResponse rangeVector = get("/api/v1/query_range?query=up[5m]&start=1700000000&end=1700003600&step=60");
        AggregatedHttpResponse tooLong = get("/api/v1/query_range?query=up&start=1700000000&end=1700200000&step=60");
        AggregatedHttpResponse noMatch = get("/api/v1/series");

        assertThat(badStep.status().code()).isEqualTo(400);
        assertThat(rangeVector.contentUtf8()).contains("invalid expression type \\\"range vector\\\" for range query");
        assertThat(tooLong.contentUtf8()).contains("query exceeded the limit max_range=1d");
        assertThat(noMatch.contentUtf8()).contains("no match[] parameter provided");
        assertThat(backend.queries).isEmpty();
        assertThat(backend.lookups).isEmpty();
    }

    @Test
    void asksTheBackendForLookupsWithParsedMatchersAndWritesItsFields() {
        backend.series = new Answer<>(List.of(Labels.of("__name__", "up", "job", "a")), List.of("partial"), List.of(COVERAGE));
        backend.labelNames = new Answer<>(List.of("__name__", "job"), List.of(), List.of(COVERAGE));
        backend.labelValues = Answer.of(List.of("a", "b"));

        String series = get("/api/v1/series?match[]=up&match[]=%7Bjob%3D%22a%22%7D&start=1700000000&end=1700003600&x=1")
                .contentUtf8();
        String labels = get("/api/v1/labels").contentUtf8();
        String values = get("/api/v1/label/job/values?match[]=up").contentUtf8();

        assertThat(series).isEqualTo("{\"status\":\"success\",\"data\":[{\"__name__\":\"up\",\"job\":\"a\"}],"
                + "\"warnings\":[\"partial\"],\"coverage\":[{\"region\":\"eu\",\"status\":\"timeout\"}]}");
        assertThat(labels).isEqualTo("{\"status\":\"success\",\"data\":[\"__name__\",\"job\"],"
                + "\"coverage\":[{\"region\":\"eu\",\"status\":\"timeout\"}]}");
        assertThat(values).isEqualTo("{\"status\":\"success\",\"data\":[\"a\",\"b\"]}");
        MetadataRequest seriesRequest = backend.lookups.get(0);
        assertThat(seriesRequest.matcherSets()).containsExactly(List.of(LabelMatcher.equal("__name__", "up")),
                List.of(LabelMatcher.equal("job", "a")));
        assertThat(List.of(seriesRequest.startMillis(), seriesRequest.endMillis()))
                .containsExactly(1_700_000_000_000L, 1_700_003_600_000L);
        assertThat(seriesRequest.params().value("x")).isEqualTo("1");
        assertThat(seriesRequest.canceled().getAsBoolean()).isFalse();
        MetadataRequest labelsRequest = backend.lookups.get(1);
        assertThat(labelsRequest.matcherSets()).isEmpty();
        assertThat(List.of(labelsRequest.startMillis(), labelsRequest.endMillis()))
                .as("no range given: maxRange up to now").containsExactly(NOW.toEpochMilli() - 86_400_000L, NOW.toEpochMilli());
        assertThat(backend.labelNamesAsked).containsExactly("job");
    }

    @Test
    void groupsMergesSortsAndLimitsTheBackendsMetadata() {
        MetricMetadata up = new MetricMetadata("up", MetricMetadata.Type.GAUGE, "Up.", "");
        MetricMetadata requests = new MetricMetadata("http_requests", MetricMetadata.Type.COUNTER, "Requests.", "");
        MetricMetadata load = new MetricMetadata("node_load1", MetricMetadata.Type.GAUGE, "Load.", "");
        backend.metadata = new Answer<>(List.of(up, requests, up, load), List.of(), List.of(COVERAGE));

        String limited = get("/api/v1/metadata?limit=2&metric=").contentUtf8();
        get("/api/v1/metadata?metric=up");

        assertThat(limited).isEqualTo("{\"status\":\"success\",\"data\":{"
                + "\"http_requests\":[{\"type\":\"counter\",\"help\":\"Requests.\",\"unit\":\"\"}],"
                + "\"node_load1\":[{\"type\":\"gauge\",\"help\":\"Load.\",\"unit\":\"\"}]},"
                + "\"coverage\":[{\"region\":\"eu\",\"status\":\"timeout\"}]}");
        assertThat(backend.metricsAsked).containsExactly("", "up");
    }

    @Test
    void servesAnExtraEndpointWithTheApisEnvelopeAndErrors() {
        AggregatedHttpResponse instant = get("/api/v1/query_explain?query=sum(up)");
        AggregatedHttpResponse range = send(HttpMethod.POST, "/api/v1/query_explain",
                "query=up&start=1700000000&end=1700003600&step=60");
        AggregatedHttpResponse badQuery = get("/api/v1/query_explain?query=sum(");
        AggregatedHttpResponse apiError = get("/api/v1/query_explain?query=up&fail=api");
        AggregatedHttpResponse engineError = get("/api/v1/query_explain?query=up&fail=engine");

        assertThat(instant.status().code()).isEqualTo(200);
        assertThat(instant.contentUtf8()).isEqualTo("{\"status\":\"success\",\"data\":{\"expr\":\"sum(up)\",\"step\":0},"
                + "\"warnings\":[\"approximate\"],\"explain\":{\"plan\":\"sum(up)\"}}");
        assertThat(range.contentUtf8()).startsWith("{\"status\":\"success\",\"data\":{\"expr\":\"up\",\"step\":60000}");
        assertThat(badQuery.status().code()).isEqualTo(400);
        assertThat(badQuery.contentUtf8()).isEqualTo("{\"status\":\"error\",\"errorType\":\"bad_data\","
                + "\"error\":\"invalid parameter \\\"query\\\": 1:5: parse error: unclosed left parenthesis\"}");
        assertThat(apiError.status().code()).isEqualTo(503);
        assertThat(apiError.contentUtf8()).isEqualTo("{\"status\":\"error\",\"errorType\":\"unavailable\","
                + "\"error\":\"no region answered\",\"coverage\":[{\"region\":\"eu\",\"status\":\"timeout\"}]}");
        assertThat(engineError.status().code()).isEqualTo(422);
        assertThat(engineError.contentUtf8()).contains("\"errorType\":\"execution\",\"error\":\"cannot plan up\"");
        assertThat(backend.queries).as("the extra endpoint calls no backend by itself").isEmpty();
    }

    @Test
    void checksTheMethodsOfAnExtraEndpointAsTheApisOwn() {
        AggregatedHttpResponse put = send(HttpMethod.PUT, "/api/v1/query_explain", "");
        AggregatedHttpResponse postToGetOnly = send(HttpMethod.POST, "/api/v1/get_only", "");
        AggregatedHttpResponse options = client.execute(RequestHeaders.of(HttpMethod.OPTIONS, "/api/v1/get_only")).aggregate().join();
        AggregatedHttpResponse getOnly = get("/api/v1/get_only");

        assertThat(put.status().code()).isEqualTo(405);
        assertThat(put.headers().get(HttpHeaderNames.ALLOW)).isEqualTo("GET, OPTIONS, POST");
        assertThat(put.contentUtf8()).isEqualTo("Method Not Allowed\n");
        assertThat(postToGetOnly.status().code()).isEqualTo(405);
        assertThat(postToGetOnly.headers().get(HttpHeaderNames.ALLOW)).isEqualTo("GET, OPTIONS");
        assertThat(options.status().code()).isEqualTo(204);
        assertThat(getOnly.contentUtf8()).isEqualTo("{\"status\":\"success\",\"data\":1}");
    }

    @Test
    void bindsExtraEndpointsForGetAndPostOnly() {
        PrometheusApi api = new PrometheusApi(backend, LIMITS, BUILD_INFO, Clock.systemUTC(), executor);
        ServerBuilder sb = Server.builder();

        assertThatThrownBy(() -> api.bindExtra(sb, "/x", Set.of(HttpMethod.PUT), (ctx, params) -> Answer.of("1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("methods must be GET, POST or both (got: [PUT])");
        assertThatThrownBy(() -> api.bindExtra(sb, "/x", Set.of(), (ctx, params) -> Answer.of("1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("methods must be GET, POST or both (got: [])");
    }

    @Test
    void cancelsThePreparedQueryWhenTheClientGoesAway() throws Exception {
        CountDownLatch executing = new CountDownLatch(1);
        CountDownLatch canceled = new CountDownLatch(1);
        backend.onQuery = request -> new PreparedQuery() {
            @Override
            public Answer<QueryOutcome> execute() {
                executing.countDown();
                try {
                    // Only a cancellation ends this query within the test (the limit is 10 minutes).
                    canceled.await(10, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new PromqlException(ErrorCode.CANCELED, "query was canceled");
            }

            @Override
            public void cancel() {
                canceled.countDown();
            }
        };

        try (Socket socket = new Socket("127.0.0.1", server.activeLocalPort())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/v1/query?query=up HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(US_ASCII));
            out.flush();
            assertThat(executing.await(30, TimeUnit.SECONDS)).as("the query started").isTrue();
        }

        assertThat(canceled.await(30, TimeUnit.SECONDS)).as("cancel() was called after the client left").isTrue();
    }
}
