package dev.meridian.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.api.ApiServer.Reply;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.ArraySampleIterator;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.Queryable;
import dev.meridian.promql.storage.SampleIterator;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.storage.Series;
import dev.meridian.promql.storage.SeriesSet;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The query API over HTTP on 127.0.0.1 with an in-memory region ({@link ApiDataset}) and small
 * limits: every kind of bad input gets a 4xx (or Prometheus' status for the case) with the right
 * errorType and a message naming the problem, never a 5xx and never a hang; good requests work;
 * a query is canceled when its client goes away and stopped at its timeout.
 */
class PrometheusApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AT = Long.toString(ApiDataset.T0 + 1800);
    private static final String START = Long.toString(ApiDataset.T0);
    private static final String END = Long.toString(ApiDataset.T0 + 3600);
    /** max_series=5: {@code up} and {@code node_load1} together (5 series) pass, {@code {__name__=~".+"}} (13) does not. */
    private static final ApiLimits LIMITS = new ApiLimits(5, 500, Duration.ofDays(1), Duration.ofMinutes(1));

    private static ApiServer server;

    @BeforeAll
    static void start() {
        MetadataSource metadata = () -> List.of(
                new MetricMetadata("up", MetricMetadata.Type.GAUGE, "1 if the target is up", ""),
                new MetricMetadata("up", MetricMetadata.Type.GAUGE, "1 if the target is up", ""),
                new MetricMetadata("http_requests", MetricMetadata.Type.COUNTER, "Requests.", "requests"),
                new MetricMetadata("node_load1", MetricMetadata.Type.GAUGE, "Load.", ""));
        server = new ApiServer(new ApiDataset().storage(), LIMITS, metadata);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                // method, target, form body, status, errorType, message part
                bad("GET", "/api/v1/query?query=sum(&time=" + AT, 400, "bad_data",
                        "invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis"),
                bad("GET", "/api/v1/query?time=" + AT, 400, "bad_data", "no expression found in input"),
                bad("GET", "/api/v1/query?query=rate(up)", 400, "bad_data", "expected type range vector"),
                bad("GET", "/api/v1/query?query=up&time=yesterday", 400, "bad_data",
                        "invalid parameter \"time\": Invalid time value for 'time': cannot parse \"yesterday\" to a valid timestamp"),
                bad("GET", "/api/v1/query?query=up&timeout=soon", 400, "bad_data",
                        "invalid parameter \"timeout\": cannot parse \"soon\" to a valid duration"),
                bad("GET", "/api/v1/query?query=up&timeout=0", 503, "timeout", "query timed out in query queue"),
                bad("GET", "/api/v1/query?query=node_load1+%2B+on()+node_load1&time=" + AT, 422, "execution", "many-to-many matching not allowed"),
                bad("GET", "/api/v1/query_range?query=up", 400, "bad_data", "invalid parameter \"start\": cannot parse \"\""),
                bad("GET", "/api/v1/query_range?query=up&start=" + START, 400, "bad_data", "invalid parameter \"end\""),
                bad("GET", "/api/v1/query_range?query=up&start=" + END + "&end=" + START + "&step=60", 400, "bad_data",
                        "invalid parameter \"end\": end timestamp must not be before start time"),
                bad("GET", "/api/v1/query_range?query=up&start=" + START + "&end=" + END, 400, "bad_data",
                        "invalid parameter \"step\": cannot parse \"\" to a valid duration"),
                bad("GET", "/api/v1/query_range?query=up&start=" + START + "&end=" + END + "&step=0", 400, "bad_data",
                        "zero or negative query resolution step widths are not accepted"),
                bad("GET", "/api/v1/query_range?query=up&start=" + START + "&end=" + END + "&step=-1m", 400, "bad_data",
                        "invalid parameter \"step\": cannot parse \"-1m\""),
                bad("GET", "/api/v1/query_range?query=up&start=" + START + "&end=" + START + "&step=0.0001", 400, "bad_data",
                        "step widths below 1ms are not accepted"),
                bad("GET", "/api/v1/query_range?query=up&start=" + START + "&end=" + END + "&step=0.1", 400, "bad_data",
                        "exceeded maximum resolution of 11,000 points per timeseries"),
                bad("GET", "/api/v1/query_range?query=up[5m]&start=" + START + "&end=" + END + "&step=60", 400, "bad_data",
                        "invalid expression type \"range vector\" for range query"),
                bad("GET", "/api/v1/series", 400, "bad_data", "no match[] parameter provided"),
                bad("GET", "/api/v1/series?match[]=up{", 400, "bad_data", "invalid parameter \"match[]\": 1:4: parse error"),
                bad("GET", "/api/v1/series?match[]=%7Bjob%3D~%22.*%22%7D", 400, "bad_data",
                        "match[] must contain at least one non-empty matcher"),
                bad("GET", "/api/v1/series?match[]=up;job", 400, "bad_data",
                        "error parsing form values: invalid semicolon separator in query"),
                bad("POST", "/api/v1/series", "match[]=up&x=%zz", 400, "bad_data",
                        "error parsing form values: invalid URL escape \"%zz\""),
                bad("GET", "/api/v1/series?match[]=up&start=x", 400, "bad_data", "invalid parameter \"start\""),
                bad("GET", "/api/v1/labels?match[]=sum(up)", 400, "bad_data", "1:4: parse error: unexpected \"(\""),
                bad("GET", "/api/v1/label/1a/values", 400, "bad_data", "invalid label name: \"1a\""),
                bad("GET", "/api/v1/label/a-b/values", 400, "bad_data", "invalid label name: \"a-b\""),
                bad("GET", "/api/v1/label/job/values?end=x", 400, "bad_data", "invalid parameter \"end\""),
                bad("GET", "/api/v1/metadata?limit=ten", 400, "bad_data", "limit must be a number"),
                bad("GET", "/api/v1/format_query?query=sum(", 400, "bad_data", "invalid parameter \"query\": 1:5: parse error"),
                // Limits.
                bad("GET", "/api/v1/query?query=%7B__name__%3D~%22.%2B%22%7D&time=" + AT, 422, "execution",
                        "query exceeded the limit max_series=5"),
                bad("GET", "/api/v1/series?match[]=%7B__name__%3D~%22.%2B%22%7D&start=" + START + "&end=" + END, 422, "execution",
                        "query exceeded the limit max_series=5"),
                bad("GET", "/api/v1/query?query=up[1h]&time=" + AT, 422, "execution",
                        "query processing would load too many samples into memory in query execution (limit: 500 samples)"),
                bad("GET", "/api/v1/query_range?query=up&start=" + START + "&end=" + (ApiDataset.T0 + 2 * 86_400) + "&step=3600",
                        400, "bad_data", "query exceeded the limit max_range=1d: the time range from start to end is 2d"),
                bad("GET", "/api/v1/series?match[]=up&start=0&end=" + END, 400, "bad_data", "query exceeded the limit max_range=1d"),
                bad("GET", "/api/v1/labels?start=0&end=" + END, 400, "bad_data", "query exceeded the limit max_range=1d"));
    }

    private static Arguments bad(String method, String target, int status, String errorType, String message) {
        return Arguments.of(method, target, null, status, errorType, message);
    }

    private static Arguments bad(String method, String target, String body, int status, String errorType, String message) {
        return Arguments.of(method, target, body, status, errorType, message);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("badRequests")
    void refusesBadInputWithPrometheusErrors(String method, String target, String body, int status, String errorType, String message)
            throws Exception {
        Reply reply = ApiServer.send(server.url(), method, target, body);

        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).isEqualTo("application/json");
        JsonNode json = JSON.readTree(reply.body());
        assertThat(json.get("status").asText()).isEqualTo("error");
        assertThat(json.get("errorType").asText()).isEqualTo(errorType);
        assertThat(json.get("error").asText()).contains(message);
    }

    @Test
    void refusesMethodsAs242Does() throws Exception {
        Reply put = ApiServer.send(server.url(), "PUT", "/api/v1/query", "");
        Reply postValues = ApiServer.send(server.url(), "POST", "/api/v1/label/job/values", "");
        Reply options = ApiServer.send(server.url(), "OPTIONS", "/api/v1/query", null);

        assertThat(put.status()).isEqualTo(405);
        assertThat(put.body()).isEqualTo("Method Not Allowed\n");
        assertThat(postValues.status()).isEqualTo(405);
        assertThat(options.status()).isEqualTo(204);
    }

    @Test
    void answersGoodRequests() throws Exception {
        JsonNode up = ok(server.get("/api/v1/query?query=up&time=" + AT));
        JsonNode range = ok(server.post("/api/v1/query_range", "query=sum(up)&start=" + START + "&end=" + END + "&step=15m"));
        JsonNode series = ok(server.get("/api/v1/series?match[]=up&match[]=node_load1&start=" + START + "&end=" + END));
        JsonNode labels = ok(server.get("/api/v1/labels?match[]=up"));
        JsonNode values = ok(server.get("/api/v1/label/job/values"));
        JsonNode metadata = ok(server.get("/api/v1/metadata?limit=2"));
        JsonNode upMetadata = ok(server.get("/api/v1/metadata?metric=up"));
        JsonNode build = ok(server.get("/api/v1/status/buildinfo"));
        JsonNode pretty = ok(server.get("/api/v1/format_query?query=sum(x)by(job)"));

        assertThat(up.get("resultType").asText()).isEqualTo("vector");
        assertThat(up.get("result")).hasSize(3);
        assertThat(up.get("result").get(0).get("value").get(0).asLong()).isEqualTo(ApiDataset.T0 + 1800);
        assertThat(range.get("result").get(0).get("values")).hasSize(5);
        assertThat(range.get("result").get(0).get("values").get(4).get(1).asText()).isEqualTo("2");
        assertThat(series).hasSize(5);
        assertThat(labels.toString()).isEqualTo("[\"__name__\",\"instance\",\"job\"]");
        assertThat(values.toString()).isEqualTo("[\"api\",\"db\"]");
        assertThat(metadata.toString()).as("two families, duplicates merged")
                .isEqualTo("{\"http_requests\":[{\"type\":\"counter\",\"help\":\"Requests.\",\"unit\":\"requests\"}],"
                        + "\"node_load1\":[{\"type\":\"gauge\",\"help\":\"Load.\",\"unit\":\"\"}]}");
        assertThat(upMetadata.toString()).isEqualTo("{\"up\":[{\"type\":\"gauge\",\"help\":\"1 if the target is up\",\"unit\":\"\"}]}");
        assertThat(build.get("goVersion").asText()).isEqualTo("java17");
        assertThat(pretty.asText()).isEqualTo("sum by (job) (x)");
    }

    private static JsonNode ok(Reply reply) throws Exception {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode json = JSON.readTree(reply.body());
        assertThat(json.get("status").asText()).isEqualTo("success");
        return json.get("data");
    }

    @Test
    void stopsAQueryAtItsTimeout() throws Exception {
        EndlessRegion region = new EndlessRegion();
        try (ApiServer endless = new ApiServer(region, EngineConfig.defaults(),
                new ApiLimits(Integer.MAX_VALUE, 50_000_000, Duration.ofDays(1), Duration.ofMinutes(10)), List::of)) {
            Reply reply = endless.get("/api/v1/query?query=endless&timeout=0.2");

            assertThat(reply.status()).isEqualTo(503);
            assertThat(JSON.readTree(reply.body()).get("errorType").asText()).isEqualTo("timeout");
            assertThat(JSON.readTree(reply.body()).get("error").asText()).isEqualTo("query timed out in expression evaluation");
            assertThat(region.closed.await(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void cancelsTheQueryWhenTheClientGoesAway() throws Exception {
        EndlessRegion region = new EndlessRegion();
        // Only a cancellation can end this query within the test: it would otherwise run for 10 minutes.
        try (ApiServer endless = new ApiServer(region, EngineConfig.defaults(),
                new ApiLimits(Integer.MAX_VALUE, 50_000_000, Duration.ofDays(1), Duration.ofMinutes(10)), List::of)) {
            try (Socket client = new Socket("127.0.0.1", endless.url().getPort())) {
                OutputStream out = client.getOutputStream();
                out.write(("GET /api/v1/query?query=endless HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(region.started.await(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(region.closed.await(30, TimeUnit.SECONDS)).as("the query ended after the client left").isTrue();
            assertThat(region.selected).isLessThan(Integer.MAX_VALUE);
        }
    }

    /** A region whose every selection is an endless series set, produced at about 10,000 series a second. */
    private static final class EndlessRegion implements Queryable {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);
        volatile int selected;

        @Override
        public Querier querier(long mint, long maxt) {
            return new Querier() {
                @Override
                public SeriesSet select(SelectHints hints, List<LabelMatcher> matchers) {
                    Series series = new Series() {
                        @Override
                        public Labels labels() {
                            return Labels.of("__name__", "endless");
                        }

                        @Override
                        public SampleIterator iterator() {
                            return new ArraySampleIterator(new long[0], new double[0]);
                        }
                    };
                    return new SeriesSet() {
                        @Override
                        public boolean next() {
                            started.countDown();
                            selected++;
                            LockSupport.parkNanos(100_000);
                            return true;
                        }

                        @Override
                        public Series at() {
                            return series;
                        }
                    };
                }

                @Override
                public List<String> labelNames(List<LabelMatcher> matchers) {
                    return List.of();
                }

                @Override
                public List<String> labelValues(String name, List<LabelMatcher> matchers) {
                    return List.of();
                }

                @Override
                public void close() {
                    closed.countDown();
                }
            };
        }
    }
}
