package dev.meridian.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.api.ApiServer.Reply;
import dev.meridian.promql.testing.PrometheusProcess;
import java.net.URLEncoder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query API next to a real Prometheus 2.42 holding the same data ({@link ApiDataset}): for
 * every request of {@link #requests()} — every endpoint, good and bad parameters, GET and POST —
 * both must answer the same HTTP status and the same JSON (parsed; 405 answers are text and
 * compared as text).
 *
 * <p>What legitimately differs is left out of the comparison: the values of
 * {@code /api/v1/status/buildinfo} (only its field names are compared), and nothing else. Requests
 * whose answers depend on the storage engine (label lookups over a time range without data: the
 * TSDB answers by block, the in-memory storage has no blocks) are not in the list, nor are the
 * differences prometheus-api/docs/query-api.md lists (a URL query with a malformed {@code %} escape, which
 * Armeria refuses before the API sees it; parser messages for bad regular expressions and
 * out-of-range {@code @} times).
 */
class PrometheusApiComparisonIT {
    private static final long T0 = ApiDataset.T0;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static PrometheusProcess prometheus;
    private static ApiServer meridian;

    @BeforeAll
    static void start() throws Exception {
        PrometheusProcess.requireVersion242();
        ApiDataset data = new ApiDataset();
        prometheus = PrometheusProcess.start(work.resolve("prometheus"), data.openMetrics());
        // A max range of 100 years: the metadata endpoints' default range then covers the data, as Prometheus' does.
        meridian = new ApiServer(data.storage(), new ApiLimits(500_000, 50_000_000, Duration.ofDays(36_500), Duration.ofMinutes(2)),
                List::of);
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (meridian != null) {
            meridian.close();
        }
    }

    /** One request: method, path with its raw query, and a form body for POST (or null). */
    record Request(String method, String target, String body) {
        @Override
        public String toString() {
            return method + " " + target + (body == null ? "" : " body=" + body);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, UTF_8);
    }

    private static Request get(String path, String... namesAndValues) {
        return new Request("GET", path + query(namesAndValues), null);
    }

    private static Request post(String path, String... namesAndValues) {
        return new Request("POST", path, query(namesAndValues).substring(1));
    }

    private static String query(String... namesAndValues) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.append(i == 0 ? '?' : '&').append(enc(namesAndValues[i])).append('=').append(enc(namesAndValues[i + 1]));
        }
        return out.length() == 0 ? "?" : out.toString();
    }

    private static final String AT = Long.toString(T0 + 1800);
    private static final String START = Long.toString(T0 + 600);
    private static final String END = Long.toString(T0 + 3000);

    static List<Request> requests() {
        List<Request> r = new ArrayList<>();
        // Instant queries: every result type, number formats, escaping.
        for (String q : List.of("up", "http_requests_total", "rate(http_requests_total[5m])", "sum by (job) (up)",
                "node_load1 * 1.1", "weird_values", "weird_values * 1e15", "escape_test", "up[1m]", "1e-7", "-1.5e22 * 1e3",
                "scalar(sum(up))", "\"a <string> & \\\"quotes\\\"\"", "vector(time())", "topk(1, node_load1)",
                "sort_desc(node_load1)", "absent(nothing)", "nothing", "up == 0", "label_replace(up, \"x\", \"$1\", \"job\", \"(.*)\")")) {
            r.add(get("/api/v1/query", "query", q, "time", AT));
        }
        r.add(get("/api/v1/query", "query", "up", "time", "2023-11-14T22:43:20Z"));
        r.add(get("/api/v1/query", "query", "up", "time", "2023-11-14T23:43:20.123456789+01:00"));
        r.add(get("/api/v1/query", "query", "up", "time", "2023-11-14T1:43:20,5Z"));
        r.add(get("/api/v1/query", "query", "vector(time())", "time", "1700001800.0015"));
        r.add(get("/api/v1/query", "query", "vector(time())", "time", "-1.0015"));
        r.add(get("/api/v1/query", "query", "time()", "time", "1.7000018e9"));
        r.add(get("/api/v1/query", "query", "time()", "time", "1_700_001_800"));
        r.add(get("/api/v1/query", "query", "time()", "time", "0x1p30"));
        r.add(get("/api/v1/query", "query", "time()", "time", "NaN"));
        r.add(get("/api/v1/query", "query", "time()", "time", "1e30"));
        // Instant query errors.
        for (String q : List.of("", "sum(", "up{", "rate(up)", "up +", "1 + \"a\"", "sum by (job) (up) offset", "up @ 1e3")) {
            r.add(get("/api/v1/query", "query", q, "time", AT));
        }
        r.add(get("/api/v1/query", "query", "up + on(job) up", "time", AT));
        r.add(get("/api/v1/query", "query", "count_values(\"a-b\", up)", "time", AT));
        r.add(get("/api/v1/query", "query", "label_replace(up, \"1a\", \"\", \"\", \"\")", "time", AT));
        r.add(get("/api/v1/query", "query", "up", "time", "abc"));
        r.add(get("/api/v1/query", "query", "up", "time", "2023-11-14T22:43Z"));
        r.add(get("/api/v1/query", "query", "up", "time", "2023-02-30T00:00:00Z"));
        r.add(get("/api/v1/query", "query", "up", "time", "1e400"));
        r.add(get("/api/v1/query", "query", "up", "time", AT, "timeout", "abc"));
        r.add(get("/api/v1/query", "query", "up", "time", AT, "timeout", "1e10"));
        r.add(get("/api/v1/query", "query", "up", "time", AT, "timeout", "-1s"));
        r.add(get("/api/v1/query", "query", "up", "time", AT, "timeout", "30s"));
        r.add(new Request("GET", "/api/v1/query?query=up;x&time=" + AT, null));
        // Range queries.
        for (String q : List.of("up", "rate(http_requests_total[5m])", "sum(node_load1)", "weird_values", "time()", "1e-7",
                "escape_test")) {
            r.add(get("/api/v1/query_range", "query", q, "start", START, "end", END, "step", "60"));
        }
        r.add(get("/api/v1/query_range", "query", "up", "start", "2023-11-14T22:23:20Z", "end", END, "step", "1m30s"));
        r.add(get("/api/v1/query_range", "query", "up", "start", START, "end", END, "step", "0.5e2"));
        r.add(get("/api/v1/query_range", "query", "up", "start", START, "end", START, "step", "15"));
        r.add(get("/api/v1/query_range", "query", "1", "start", "0", "end", "11000", "step", "1"));
        // Range query errors, in 2.42's order of checks.
        r.add(get("/api/v1/query_range", "query", "up"));
        r.add(get("/api/v1/query_range", "query", "up", "start", START));
        r.add(get("/api/v1/query_range", "query", "up", "start", "x", "end", "y", "step", "z"));
        r.add(get("/api/v1/query_range", "query", "up", "start", END, "end", START, "step", "60"));
        r.add(get("/api/v1/query_range", "query", "up", "start", START, "end", END));
        r.add(get("/api/v1/query_range", "query", "up", "start", START, "end", END, "step", "abc"));
        r.add(get("/api/v1/query_range", "query", "up", "start", START, "end", END, "step", "0"));
        r.add(get("/api/v1/query_range", "query", "up", "start", START, "end", END, "step", "-60"));
        r.add(get("/api/v1/query_range", "query", "up", "start", START, "end", END, "step", "NaN"));
        r.add(get("/api/v1/query_range", "query", "up", "start", START, "end", END, "step", "1e10"));
        r.add(get("/api/v1/query_range", "query", "1", "start", "0", "end", "11001", "step", "1"));
        r.add(get("/api/v1/query_range", "query", "up[5m]", "start", START, "end", END, "step", "60"));
        r.add(get("/api/v1/query_range", "query", "\"s\"", "start", START, "end", END, "step", "60"));
        r.add(get("/api/v1/query_range", "query", "sum(", "start", START, "end", END, "step", "60"));
        r.add(get("/api/v1/query_range", "query", "sum(", "start", START, "end", END, "step", "60", "timeout", "x"));
        r.add(get("/api/v1/query_range", "query", "up + on(job) up", "start", START, "end", END, "step", "60"));
        // Series.
        r.add(get("/api/v1/series", "match[]", "up"));
        r.add(get("/api/v1/series", "match[]", "up{job=\"api\"}", "match[]", "node_load1", "match[]", "up"));
        r.add(get("/api/v1/series", "match[]", "{__name__=~\".+\"}", "start", START, "end", END));
        r.add(get("/api/v1/series", "match[]", "escape_test", "start", "2023-11-14T22:23:20Z"));
        r.add(get("/api/v1/series", "match[]", "up", "start", "10", "end", "5"));
        r.add(get("/api/v1/series", "match[]", "up", "start", GoTime.MIN_FORMATTED, "end", GoTime.MAX_FORMATTED));
        r.add(get("/api/v1/series"));
        r.add(get("/api/v1/series", "match[]", "up{"));
        r.add(get("/api/v1/series", "match[]", "sum(up)"));
        r.add(get("/api/v1/series", "match[]", ""));
        r.add(get("/api/v1/series", "match[]", "{job=~\".*\"}"));
        r.add(get("/api/v1/series", "match[]", "up offset 5m"));
        r.add(get("/api/v1/series", "match[]", "up", "start", "abc"));
        r.add(get("/api/v1/series", "match[]", "up", "end", "abc"));
        r.add(new Request("GET", "/api/v1/series?match[]=up;x=1", null));
        // Label names and values.
        r.add(get("/api/v1/labels"));
        r.add(get("/api/v1/labels", "match[]", "up"));
        r.add(get("/api/v1/labels", "match[]", "up", "match[]", "http_requests_total"));
        r.add(get("/api/v1/labels", "match[]", "up{"));
        r.add(get("/api/v1/labels", "match[]", "{a=\"\"}"));
        r.add(get("/api/v1/labels", "start", "abc"));
        r.add(new Request("POST", "/api/v1/labels", "match[]=up&x=%zz"));
        r.add(get("/api/v1/label/job/values"));
        r.add(get("/api/v1/label/__name__/values"));
        r.add(get("/api/v1/label/quote/values"));
        r.add(get("/api/v1/label/job/values", "match[]", "up{instance=\"c\"}"));
        r.add(get("/api/v1/label/nothing/values"));
        r.add(get("/api/v1/label/1a/values"));
        r.add(get("/api/v1/label/job/values", "match[]", "up{"));
        r.add(get("/api/v1/label/job/values", "start", "x"));
        // Metadata, build info, format_query.
        r.add(get("/api/v1/metadata"));
        r.add(get("/api/v1/metadata", "limit", "x"));
        r.add(get("/api/v1/metadata", "limit", "5", "metric", "up"));
        r.add(get("/api/v1/status/buildinfo"));
        for (String q : List.of("sum(rate(x[5m])) by (job)", "a * ignoring() group_left() b", "1e6", "-foo offset 90s",
                "histogram_quantile(0.9, sum by(le, job, instance, handler) (rate(prometheus_http_request_duration_seconds_bucket"
                        + "{job=\"prometheus\"}[5m])))", "sum(", "")) {
            r.add(get("/api/v1/format_query", "query", q));
        }
        // POST forms, body before URL.
        r.add(post("/api/v1/query", "query", "up", "time", AT));
        r.add(new Request("POST", "/api/v1/query?query=nothing&time=" + START, "query=up&time=" + AT));
        r.add(post("/api/v1/query", "query", "sum("));
        r.add(post("/api/v1/query_range", "query", "up", "start", START, "end", END, "step", "60"));
        r.add(post("/api/v1/query_range", "query", "up", "start", END, "end", START, "step", "60"));
        r.add(post("/api/v1/series", "match[]", "up", "match[]", "node_load1"));
        r.add(new Request("POST", "/api/v1/series", "match[]=up&x=%zz"));
        r.add(post("/api/v1/labels", "match[]", "up"));
        r.add(post("/api/v1/format_query", "query", "sum(x)by(a)"));
        // Methods.
        r.add(new Request("POST", "/api/v1/label/job/values", ""));
        r.add(new Request("POST", "/api/v1/metadata", ""));
        r.add(new Request("POST", "/api/v1/status/buildinfo", ""));
        r.add(new Request("PUT", "/api/v1/query?query=up", ""));
        r.add(new Request("DELETE", "/api/v1/query_range", null));
        r.add(new Request("OPTIONS", "/api/v1/series", null));
        return r;
    }

    @Test
    void answersAsPrometheus242Does() throws Exception {
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (Request request : requests()) {
            Reply expected = ApiServer.send(prometheus.url(), request.method(), request.target(), request.body());
            Reply actual = ApiServer.send(meridian.url(), request.method(), request.target(), request.body());
            compared++;
            String difference = difference(request, expected, actual);
            if (difference != null) {
                mismatches.add(request + "\n    prometheus: " + expected.status() + " " + abbreviate(expected.body())
                        + "\n    meridian:   " + actual.status() + " " + abbreviate(actual.body()) + "\n    " + difference);
            }
        }
        assertThat(compared).isGreaterThan(100);
        assertThat(mismatches).as(String.join("\n", mismatches)).isEmpty();
    }

    private static String difference(Request request, Reply expected, Reply actual) throws Exception {
        if (expected.status() != actual.status()) {
            return "status differs";
        }
        if (!expected.contentType().startsWith("application/json")) {
            return expected.body().equals(actual.body()) && expected.contentType().equals(actual.contentType())
                    ? null : "non-JSON body or content type differs: " + expected.contentType() + " vs " + actual.contentType();
        }
        if (!actual.contentType().equals("application/json")) {
            return "content type " + actual.contentType();
        }
        JsonNode want = JSON.readTree(expected.body());
        JsonNode got = JSON.readTree(actual.body());
        if (request.target().startsWith("/api/v1/status/buildinfo")) {
            return fieldNames(want.get("data")).equals(fieldNames(got.get("data"))) && want.get("status").equals(got.get("status"))
                    ? null : "buildinfo fields differ";
        }
        return want.equals(got) ? null : "JSON differs";
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = ((ObjectNode) node).fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static String abbreviate(String body) {
        return body.length() <= 600 ? body : body.substring(0, 600) + "...";
    }
}
