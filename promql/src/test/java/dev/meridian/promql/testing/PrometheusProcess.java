package dev.meridian.promql.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A real Prometheus (the Debian package's 2.42) serving blocks that promtool backfilled from an
 * OpenMetrics text, on 127.0.0.1 and a free port, with 1m scrape and rule intervals (1m is also
 * the default subquery step) and a retention that keeps old blocks. {@link #close()} stops it and
 * waits for it. A test fixture, shared through this module's test-jar.
 */
public final class PrometheusProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final URI url;
    private final Thread shutdownHook;

    private PrometheusProcess(Process process, Path log, int port) {
        this.process = requireNonNull(process, "process is null");
        this.log = requireNonNull(log, "log is null");
        this.url = URI.create("http://127.0.0.1:" + port);
        // If the test JVM is stopped mid-run, do not leave Prometheus behind.
        this.shutdownHook = new Thread(process::destroyForcibly, "stop-prometheus");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Backfills {@code openMetrics} (the text) into {@code workDir/data} and starts Prometheus on it. */
    public static PrometheusProcess start(Path workDir, String openMetrics) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        return start(workDir, Files.writeString(workDir.resolve("data.om"), openMetrics, UTF_8));
    }

    /** Backfills the OpenMetrics file {@code openMetrics} into {@code workDir/data} with promtool and starts Prometheus on it. */
    public static PrometheusProcess start(Path workDir, Path openMetrics) throws IOException, InterruptedException {
        Path promtool = requireBinary("promtool");
        Files.createDirectories(workDir);
        Path data = workDir.resolve("data");
        run(workDir, List.of(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics", "--quiet",
                openMetrics.toString(), data.toString()));
        return launch(workDir, data, port -> """
                global:
                  scrape_interval: 1m
                  evaluation_interval: 1m
                """);
    }

    /**
     * Starts Prometheus with the configuration {@code config} returns for the port it will listen
     * on (so it can scrape itself), on an empty TSDB in {@code workDir/data}.
     */
    public static PrometheusProcess startWithConfig(Path workDir, IntFunction<String> config)
            throws IOException, InterruptedException {
        return startWithConfig(workDir, config, List.of());
    }

    /**
     * Like {@link #startWithConfig(Path, IntFunction)}, with more command-line flags, e.g.
     * {@code --web.enable-remote-write-receiver}.
     */
    public static PrometheusProcess startWithConfig(Path workDir, IntFunction<String> config, List<String> extraFlags)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        return launch(workDir, workDir.resolve("data"), config, List.copyOf(extraFlags));
    }

    private static PrometheusProcess launch(Path workDir, Path data, IntFunction<String> config)
            throws IOException, InterruptedException {
        return launch(workDir, data, config, List.of());
    }

    private static PrometheusProcess launch(Path workDir, Path data, IntFunction<String> config, List<String> extraFlags)
            throws IOException, InterruptedException {
        Path prometheus = requireBinary("prometheus");
        IOException lastFailure = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            int port = freePort();
            Path configFile = Files.writeString(workDir.resolve("prometheus.yml"), config.apply(port));
            Path log = workDir.resolve("prometheus-" + attempt + ".log");
            List<String> command = new ArrayList<>(List.of(prometheus.toString(),
                    "--config.file=" + configFile,
                    "--storage.tsdb.path=" + data,
                    "--storage.tsdb.retention.time=100y",
                    "--web.listen-address=127.0.0.1:" + port,
                    "--query.lookback-delta=5m"));
            command.addAll(extraFlags);
            Process process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            PrometheusProcess server = new PrometheusProcess(process, log, port);
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

    /** {@code http://127.0.0.1:PORT}. */
    public URI url() {
        return url;
    }

    /**
     * The path of {@code binary} ({@code prometheus} or {@code promtool}) on the PATH; fails
     * naming the Debian package that provides both if it is not there.
     */
    public static Path requireBinary(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, binary);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new AssertionError(binary + " is not on the PATH (" + System.getenv("PATH") + "). Tests compare with"
                + " Prometheus 2.42 from the Debian package `prometheus`, which ships both prometheus and promtool:"
                + " install it with `sudo apt-get install prometheus`, or run `./meridian test` as root, which installs it.");
    }

    /** Fails unless {@code prometheus --version} says 2.42, the version our engine follows. */
    public static void requireVersion242() throws IOException, InterruptedException {
        Path prometheus = requireBinary("prometheus");
        String version = run(prometheus.getParent(), List.of(prometheus.toString(), "--version"));
        if (!version.contains("version 2.42.")) {
            throw new AssertionError("the reference must be Prometheus 2.42, but " + prometheus + " --version says:\n" + version);
        }
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
            throw new IOException(String.join(" ", command) + " failed with exit code " + process.exitValue() + ":\n" + output);
        }
        return output;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("prometheus exited with code " + process.exitValue() + " before it was ready:\n" + logTail());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url.resolve("/-/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
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
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
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
