package dev.meridian.coordinator.querycmp;

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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (the Debian package's 2.42) serving blocks that promtool backfilled from an
 * OpenMetrics text, on 127.0.0.1 and a free port. {@link #close()} stops it and waits for it.
 */
final class PrometheusProcess implements AutoCloseable {
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

    /** Backfills {@code openMetrics} into {@code workDir/data} with promtool and starts Prometheus on it. */
    static PrometheusProcess start(Path workDir, String openMetrics) throws IOException, InterruptedException {
        Path prometheus = binary("prometheus");
        Path promtool = binary("promtool");
        Files.createDirectories(workDir);
        Path input = Files.writeString(workDir.resolve("data.om"), openMetrics, UTF_8);
        Path data = workDir.resolve("data");
        run(workDir, List.of(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics", "--quiet",
                input.toString(), data.toString()));
        Path config = Files.writeString(workDir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1m\n");
        IOException lastFailure = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            int port = freePort();
            Path log = workDir.resolve("prometheus-" + attempt + ".log");
            Process process = new ProcessBuilder(prometheus.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + data,
                    "--storage.tsdb.retention.time=100y",
                    "--web.listen-address=127.0.0.1:" + port)
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

    URI url() {
        return url;
    }

    private static Path binary(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(name + " is not on the PATH: install the Debian package prometheus (2.42),"
                + " which ships prometheus and promtool, or run `./meridian test` as root, which installs it");
    }

    private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IOException(String.join(" ", command) + " did not finish in 60s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed with exit code " + process.exitValue() + ":\n" + output);
            }
        } finally {
            process.destroyForcibly();
        }
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

    String logTail() {
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
