package dev.meridian.coordinator.querycmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.Server;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs querycmp against two in-process HTTP servers on 127.0.0.1 that answer with canned Prometheus JSON. */
class QueryCmpTest {
    private static final String ERROR = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:4: parse error: unclosed left parenthesis\"}";

    private final List<Server> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(Server::close);
    }

    @Test
    void printsEachMismatchAndTheSummary() throws Exception {
        String reference = serve(Map.of(
                "instant up", vector("1"),
                "range up", matrix("1", "1"),
                "instant rate(x[5m])", vector("0.5"),
                "range rate(x[5m])", matrix("0.5", "0.25"),
                "instant bad(", ERROR,
                "range bad(", ERROR));
        String target = serve(Map.of(
                "instant up", vector("1.0000000000001"),
                "range up", matrix("1", "1"),
                "instant rate(x[5m])", vector("0.5"),
                "range rate(x[5m])", matrix("0.5", "NaN"),
                "instant bad(", "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"unexpected end of input\"}",
                "range bad(", "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"boom\"}"));

        Run run = run(reference, target, List.of("up", "rate(x[5m])", "bad("));

        assertThat(run.output().lines()).containsExactly(
                "MISMATCH range query=\"rate(x[5m])\": series up{job=\"a\"}: 1 of 2 points differ:"
                        + " @1700000015.000 reference=0.25 target=NaN",
                "MISMATCH range query=\"bad(\": errorType differs: reference error bad_data"
                        + " (\"1:4: parse error: unclosed left parenthesis\"), target error execution (\"boom\")",
                "matched=4 total=6");
        assertThat(run.report()).isEqualTo(new QueryCmpReport(4, 6));
    }

    @Test
    void identicalEndpointsMatchEverything() throws Exception {
        String endpoint = serve(Map.of("instant up", vector("1"), "range up", matrix("1", "2")));

        Run run = run(endpoint, endpoint, List.of("up"));

        assertThat(run.output()).isEqualTo("matched=2 total=2\n");
        assertThat(run.report().allMatched()).isTrue();
    }

    @Test
    void anUnreachableEndpointIsReportedAndTheRunGoesOn() throws Exception {
        String reference = serve(Map.of("instant up", vector("1"), "range up", matrix("1", "2")));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String target = "http://127.0.0.1:" + closedPort;

        Run run = run(reference, target, List.of("up"));

        assertThat(run.output().lines()).hasSize(3);
        assertThat(run.output().lines().limit(2)).allSatisfy(line -> assertThat(line)
                .matches("MISMATCH (instant|range) query=\"up\": target http://127\\.0\\.0\\.1:" + closedPort
                        + " could not be reached: .*"));
        assertThat(run.output().lines().skip(2)).containsExactly("matched=0 total=2");
    }

    @Test
    void aBodyThatIsNotPrometheusJsonIsNamed() throws Exception {
        String reference = serve(Map.of("instant up", vector("1"), "range up", matrix("1", "2")));
        Server proxy = Server.builder()
                .http(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .serviceUnder("/", (ctx, req) -> HttpResponse.of(HttpStatus.BAD_GATEWAY, MediaType.HTML_UTF_8, "<html>bad gateway</html>"))
                .build();
        servers.add(proxy);
        proxy.start().join();
        String target = "http://127.0.0.1:" + proxy.activeLocalPort();

        Run run = run(reference, target, List.of("up"));

        assertThat(run.output()).contains("MISMATCH instant query=\"up\": target " + target
                + " answered HTTP 502 with something that is not a Prometheus API response: not JSON: <html>bad gateway</html>");
    }

    @Test
    void ignoredLabelsLetAnEndpointWithExternalLabelsMatch() throws Exception {
        String prometheus = serve(Map.of("instant up", vector("1"), "range up", matrix("1", "2")));
        String region = serve(Map.of(
                "instant up", vector("1").replace("\"job\":\"a\"", "\"job\":\"a\",\"region\":\"eu\""),
                "range up", matrix("1", "2").replace("\"job\":\"a\"", "\"job\":\"a\",\"region\":\"eu\"")));
        QueryCmpSettings.Builder settings = QueryCmpSettings.builder()
                .reference(prometheus).target(region).queries(List.of("up"))
                .start("1700000000").end("1700000015").step("15s");

        StringWriter strict = new StringWriter();
        new QueryCmp(settings.build()).run(new PrintWriter(strict));
        StringWriter ignoring = new StringWriter();
        QueryCmpSettings ignoringRegion = settings.ignoreLabel("region").build();
        QueryCmpReport report = new QueryCmp(ignoringRegion).run(new PrintWriter(ignoring));

        assertThat(strict.toString()).contains("series only on target: up{job=\"a\", region=\"eu\"}").endsWith("matched=0 total=2\n");
        assertThat(ignoringRegion.ignoredLabels()).containsExactly("region");
        assertThat(ignoring.toString()).isEqualTo("matched=2 total=2\n");
        assertThat(report.allMatched()).isTrue();
    }

    @Test
    void anIgnoredLabelMustBeALabelName() {
        assertThatThrownBy(() -> QueryCmpSettings.builder().ignoreLabel("region-name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid ignore-label \"region-name\": expected a label name matching [a-zA-Z_][a-zA-Z0-9_]*");
        assertThatThrownBy(() -> QueryCmpSettings.builder().ignoreLabel(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid ignore-label \"\"");
    }

    private record Run(String output, QueryCmpReport report) {}

    private static Run run(String reference, String target, List<String> queries) throws InterruptedException {
        QueryCmpSettings settings = QueryCmpSettings.builder()
                .reference(reference).target(target).queries(queries)
                .start("1700000000").end("1700000015").step("15s")
                .build();
        StringWriter out = new StringWriter();
        QueryCmpReport report = new QueryCmp(settings).run(new PrintWriter(out));
        return new Run(out.toString(), report);
    }

    /**
     * A server answering {@code /api/v1/query} and {@code /api/v1/query_range} from {@code answers}, keyed by
     * {@code "instant <query>"} or {@code "range <query>"}; it checks the times it is asked for.
     */
    private String serve(Map<String, String> answers) {
        Server server = Server.builder()
                .http(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .service("/api/v1/query", (ctx, req) -> {
                    QueryParams params = QueryParams.fromQueryString(ctx.query());
                    assertThat(params.get("time")).isEqualTo("1700000015.000");
                    return answer(answers.get("instant " + params.get("query")));
                })
                .service("/api/v1/query_range", (ctx, req) -> {
                    QueryParams params = QueryParams.fromQueryString(ctx.query());
                    assertThat(List.of(params.get("start"), params.get("end"), params.get("step")))
                            .containsExactly("1700000000.000", "1700000015.000", "15.000");
                    return answer(answers.get("range " + params.get("query")));
                })
                .build();
        servers.add(server);
        server.start().join();
        return "http://127.0.0.1:" + server.activeLocalPort();
    }

    private static HttpResponse answer(String body) {
        if (body == null) {
            return HttpResponse.of(HttpStatus.NOT_FOUND, MediaType.PLAIN_TEXT_UTF_8, "no canned answer");
        }
        HttpStatus status = body.contains("\"status\":\"error\"") ? HttpStatus.BAD_REQUEST : HttpStatus.OK;
        return HttpResponse.of(status, MediaType.JSON_UTF_8, body);
    }

    private static String vector(String value) {
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"job\":\"a\",\"__name__\":\"up\"},\"value\":[1700000015,\"" + value + "\"]}]}}";
    }

    private static String matrix(String first, String second) {
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                + "{\"metric\":{\"__name__\":\"up\",\"job\":\"a\"},\"values\":[[1700000000,\"" + first + "\"],"
                + "[1700000015,\"" + second + "\"]]}]}}";
    }
}
