package dev.meridian.promql.differential;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.promql.testing.PrometheusProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A real Prometheus process over backfilled blocks, bound to 127.0.0.1 on a free port, asked
 * through its HTTP API. {@link #close()} stops the process and waits for it.
 */
final class PrometheusServer implements AutoCloseable {
    /** Timestamps are read as decimals, so {@code 1700000000.123} becomes exactly 1700000000123 ms. */
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final PrometheusProcess process;
    private final URI base;
    private final HttpClient http;

    private PrometheusServer(PrometheusProcess process) {
        this.process = requireNonNull(process, "process is null");
        this.base = process.url();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Starts Prometheus on blocks promtool creates from {@code openMetrics} ({@link PrometheusProcess}). */
    static PrometheusServer start(Path workDir, Path openMetrics) throws IOException, InterruptedException {
        return new PrometheusServer(PrometheusProcess.start(workDir, openMetrics));
    }

    /** The last lines Prometheus logged, for failure messages. */
    String logTail() {
        return process.logTail();
    }

    /** {@code /api/v1/query} at {@code time} (milliseconds). */
    Outcome query(String query, long time) {
        return call("/api/v1/query", Map.of("query", query, "time", seconds(time)));
    }

    /** {@code /api/v1/query_range} (milliseconds). */
    Outcome queryRange(String query, long start, long end, long step) {
        return call("/api/v1/query_range", Map.of("query", query, "start", seconds(start), "end", seconds(end),
                "step", seconds(step)));
    }

    /** Milliseconds as the seconds Prometheus' API takes, e.g. {@code 1700000000.123}. */
    static String seconds(long millis) {
        return BigDecimal.valueOf(millis, 3).toPlainString();
    }

    private Outcome call(String path, Map<String, String> params) {
        StringBuilder form = new StringBuilder();
        for (Map.Entry<String, String> param : new TreeMap<>(params).entrySet()) {
            if (form.length() > 0) {
                form.append('&');
            }
            form.append(param.getKey()).append('=').append(URLEncoder.encode(param.getValue(), UTF_8));
        }
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                .build();
        String body;
        try {
            body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException("prometheus did not answer " + path + " " + params + "\n" + logTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        try {
            return parse(JSON.readTree(body));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read Prometheus' answer to " + params + ": " + body, e);
        }
    }

    /** Reads the API's envelope: {@code {"status":"success","data":{"resultType":...,"result":...}}} or an error. */
    static Outcome parse(JsonNode root) {
        if (!"success".equals(root.path("status").asText())) {
            return new Outcome.Failure(root.path("errorType").asText("?"), root.path("error").asText(""));
        }
        JsonNode data = root.get("data");
        String type = data.get("resultType").asText();
        JsonNode result = data.get("result");
        List<Outcome.ResultSeries> series = new ArrayList<>();
        switch (type) {
            case "scalar" -> series.add(new Outcome.ResultSeries(new TreeMap<>(),
                    new long[] {millis(result.get(0))}, new double[] {value(result.get(1))}));
            case "string" -> {
                return new Outcome.Success(type, List.of(), result.get(1).asText());
            }
            case "vector" -> {
                for (JsonNode sample : result) {
                    JsonNode point = sample.get("value");
                    series.add(new Outcome.ResultSeries(labels(sample.get("metric")),
                            new long[] {millis(point.get(0))}, new double[] {value(point.get(1))}));
                }
            }
            case "matrix" -> {
                for (JsonNode s : result) {
                    JsonNode points = s.get("values");
                    long[] ts = new long[points.size()];
                    double[] vs = new double[points.size()];
                    for (int i = 0; i < points.size(); i++) {
                        ts[i] = millis(points.get(i).get(0));
                        vs[i] = value(points.get(i).get(1));
                    }
                    series.add(new Outcome.ResultSeries(labels(s.get("metric")), ts, vs));
                }
            }
            default -> throw new IllegalStateException("unknown resultType " + type);
        }
        return new Outcome.Success(type, series, null);
    }

    private static TreeMap<String, String> labels(JsonNode metric) {
        TreeMap<String, String> labels = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : metric.properties()) {
            labels.put(field.getKey(), field.getValue().asText());
        }
        return labels;
    }

    /** A JSON timestamp in seconds, printed by Prometheus with at most three decimals, to milliseconds. */
    private static long millis(JsonNode seconds) {
        return seconds.decimalValue().movePointRight(3).longValueExact();
    }

    /** Prometheus writes sample values as strings: Go's shortest decimal, {@code NaN}, {@code +Inf}, {@code -Inf}. */
    static double value(JsonNode node) {
        String text = node.asText();
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    @Override
    public void close() {
        process.close();
    }
}
