package dev.meridian.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.api.ApiServer.Reply;
import java.io.IOException;
import java.net.URLEncoder;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A Jazzer fuzz target for {@link PrometheusApi}: arbitrary parameters to every endpoint, over
 * HTTP, against the in-memory {@link ApiDataset}. Whatever the parameters, the answer is
 * well-formed JSON in Prometheus' shape, and never a 5xx except the documented ones: 503 with
 * errorType {@code timeout} or {@code canceled} (the limits here are small, so every request ends
 * within seconds). Since the in-memory storage cannot fail, {@code internal} (500) never is.
 *
 * <p>The input is read as UTF-8 lines: the endpoint ({@code query}, {@code query_range},
 * {@code series}, {@code labels}, {@code values}, {@code metadata}, {@code buildinfo},
 * {@code format_query}, else {@code query}), the method ({@code POST} sends the parameters as a
 * form body, anything else as the URL query), then parameter names and values alternating; for
 * {@code values} the first parameter value is the label name.
 *
 * <p><b>Normal test runs</b> do not fuzz: the target runs once per file of its seed corpus,
 * {@code src/test/resources/dev/meridian/api/PrometheusApiFuzzTestInputs/parameters/}.
 * <b>To fuzz for N minutes</b> (from the repository root):
 *
 * <pre>
 * JAZZER_FUZZ=1 ./mvnw -pl regional-stack/coordinator test -Dtest='PrometheusApiFuzzTest#parameters' -Djazzer.max_duration=Nm
 * </pre>
 *
 * A failing input is written to the inputs directory as {@code crash-<sha1>} and replayed by every
 * normal run from then on; give it a descriptive name before committing.
 */
class PrometheusApiFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ERROR_TYPES = Set.of("bad_data", "execution", "canceled", "timeout", "internal",
            "unavailable", "not_found");

    private static ApiServer server;

    @BeforeAll
    static void start() {
        server = new ApiServer(new ApiDataset().storage(), new ApiLimits(1_000, 100_000, Duration.ofDays(30), Duration.ofSeconds(2)),
                List::of);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @FuzzTest(maxDuration = "5m")
    void parameters(byte[] input) throws IOException {
        // Jazzer's SSRF detector refuses connections; this target only ever connects to its own
        // server on 127.0.0.1 (the address is not fuzzed).
        try (SilentCloseable ownServer = BugDetectors.allowNetworkConnections()) {
            check(input);
        }
    }

    private static void check(byte[] input) throws IOException {
        String[] lines = new String(input, UTF_8).split("\n", -1);
        String endpoint = lines.length > 0 ? lines[0] : "";
        boolean post = lines.length > 1 && lines[1].equals("POST");
        StringBuilder params = new StringBuilder();
        String labelName = "job";
        for (int i = 2; i + 1 < lines.length; i += 2) {
            if (endpoint.equals("values") && i == 2) {
                labelName = lines[i + 1];
            }
            params.append(params.length() == 0 ? "" : "&").append(URLEncoder.encode(lines[i], UTF_8)).append('=')
                    .append(URLEncoder.encode(lines[i + 1], UTF_8));
        }
        String path = switch (endpoint) {
            case "query_range" -> "/api/v1/query_range";
            case "series" -> "/api/v1/series";
            case "labels" -> "/api/v1/labels";
            case "values" -> "/api/v1/label/" + URLEncoder.encode(labelName, UTF_8).replace("+", "%20") + "/values";
            case "metadata" -> "/api/v1/metadata";
            case "buildinfo" -> "/api/v1/status/buildinfo";
            case "format_query" -> "/api/v1/format_query";
            default -> "/api/v1/query";
        };
        Reply reply = post
                ? ApiServer.send(server.url(), "POST", path, params.toString())
                : ApiServer.send(server.url(), "GET", path + "?" + params, null);

        if (reply.status() == 405 || reply.status() == 404) {
            return; // Method not allowed (2.42's text answer), or a label name with a '/' that leaves the route.
        }
        if ((reply.status() == 400 || reply.status() == 414) && reply.contentType().startsWith("text/plain")) {
            return; // Armeria refused the request line itself: a malformed escape, or too long (prometheus-api/docs/query-api.md).
        }
        assertThat(reply.contentType()).as(reply.body()).isEqualTo("application/json");
        JsonNode json = JSON.readTree(reply.body());
        if (reply.status() == 200) {
            assertThat(json.get("status").asText()).isEqualTo("success");
            assertThat(json.has("data")).isTrue();
            return;
        }
        assertThat(json.get("status").asText()).isEqualTo("error");
        String errorType = json.get("errorType").asText();
        assertThat(errorType).isIn(ERROR_TYPES);
        assertThat(json.get("error").asText()).isNotEmpty();
        assertThat(reply.status()).as(reply.body()).isEqualTo(ApiErrorType.valueOf(errorType.toUpperCase(java.util.Locale.ROOT))
                .httpStatus());
        if (reply.status() >= 500) {
            assertThat(errorType).as(reply.body()).isIn("timeout", "canceled");
        }
    }
}
