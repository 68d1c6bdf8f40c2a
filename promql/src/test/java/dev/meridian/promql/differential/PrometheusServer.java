package dev.meridian.promql.differential;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus process over backfilled blocks, bound to 127.0.0.1 on a free port, asked
 * through its HTTP API. {@link #close()} stops the process and waits for it.
 */
final class PrometheusServer implements AutoCloseable {
    /** Timestamps are read as decimals, so {@code 1700000000.123} becomes exactly 1700000000123 ms. */
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final URI base;
    private final HttpClient http;
    private final Thread shutdownHook;

    private PrometheusServer(Process process, Path log, int port) {
        this.process = requireNonNull(process, "process is null");
        this.log = requireNonNull(log, "log is null");
        this.base = URI.create("http://127.0.0.1:" + port);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        // If the JVM is stopped while the test runs, do not leave Prometheus behind.
        this.shutdownHook = new Thread(process::destroyForcibly, "stop-prometheus");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * The path of {@code binary} ({@code prometheus} or {@code promtool}) on the PATH; fails
     * naming the Debian package that provides both if it is not there.
     */
    static Path requireBinary(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Paths.get(dir, binary);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new AssertionError(binary + " is not on the PATH (" + System.getenv("PATH") + "). The PromQL"
                + " differential tests compare our engine with Prometheus 2.42 from the Debian package `prometheus`,"
                + " which ships both prometheus and promtool: install it with `sudo apt-get install prometheus`,"
                + " or run `./meridian test` as root, which installs it.");
    }

    /** Fails unless {@code prometheus --version} says 2.42, the version our engine follows. */
    static void requireVersion242(Path prometheus) throws IOException, InterruptedException {
        String version = run(prometheus.getParent(), List.of(prometheus.toString(), "--version"));
        if (!version.contains("version 2.42.")) {
            throw new AssertionError("the reference must be Prometheus 2.42, but " + prometheus + " --version says:\n"
                    + version);
        }
    }

    /**
     * Creates TSDB blocks from {@code openMetrics} with promtool in {@code workDir/data}, then starts
     * Prometheus on them with a 1m evaluation interval (the default subquery step) and a retention
     * long enough that the old blocks are kept.
     */
    static PrometheusServer start(Path prometheus, Path promtool, Path workDir, Path openMetrics)
            throws IOException, InterruptedException {
        Path data = workDir.resolve("data");
        run(workDir, List.of(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics", "--quiet",
                openMetrics.toString(), data.toString()));
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1m
                  evaluation_interval: 1m
                """);
        IOException lastFailure = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            int port = freePort();
            Path log = workDir.resolve("prometheus-" + attempt + ".log");
            Process process = new ProcessBuilder(prometheus.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + data,
                    "--storage.tsdb.retention.time=100y",
                    "--web.listen-address=127.0.0.1:" + port,
                    "--query.lookback-delta=5m")
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            PrometheusServer server = new PrometheusServer(process, log, port);
            try {
                server.awaitReady();
                return server;
            } catch (IOException e) {
                server.close();
                lastFailure = e;
                // Another process may have taken the port between freePort() and the bind: retry.
                if (!Files.readString(log).contains("address already in use")) {
                    throw e;
                }
            }
        }
        throw lastFailure;
    }

    /** Runs a command to its end and returns its output; fails if it exits with an error. */
    private static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IOException(String.join(" ", command) + " did not finish in 60s");
            }
        } finally {
            process.destroyForcibly();
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed with exit code " + process.exitValue()
                    + ":\n" + output);
        }
        return output;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("prometheus exited with code " + process.exitValue() + " before it was ready:\n"
                        + logTail());
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(base.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        throw new IOException("prometheus was not ready after " + READY_TIMEOUT + ":\n" + logTail());
    }

    /** The last lines Prometheus logged, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
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
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs anyway.
            }
        }
    }
}
