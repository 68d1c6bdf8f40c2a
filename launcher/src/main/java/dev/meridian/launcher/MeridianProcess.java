package dev.meridian.launcher;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A {@code meridian} command running in a child JVM with this JVM's class path: how a benchmark
 * or a test runs a real node process it can SIGKILL. Collects the {@code key=value} lines the
 * command prints on stdout; stderr goes to a file.
 */
public final class MeridianProcess implements AutoCloseable {
    private final Process process;
    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final Path stderr;

    private MeridianProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(this::readStdout, "meridian-process-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code meridian args...}.
     *
     * @param stderr where the child's stderr goes (appended)
     */
    public static MeridianProcess start(Path stderr, List<String> jvmOptions, String... args) {
        requireNonNull(stderr, "stderr is null");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Meridian.class.getName());
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
                    .start();
            return new MeridianProcess(p, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private void readStdout() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            // The process died; what it printed is what we have.
        }
    }

    /**
     * Waits for the command to print {@code key=value} and returns the value.
     *
     * @throws IllegalStateException if the process exits first or the timeout passes; the message
     *     holds the end of its stderr
     */
    public String await(String key, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String value = values.get(key);
            if (value != null) {
                return value;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("meridian exited with " + process.exitValue() + " before printing " + key
                        + "; stderr ends with:\n" + stderrTail());
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("meridian did not print " + key + " within " + timeout + "; stderr ends with:\n"
                + stderrTail());
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: the process gets no chance to flush or snapshot anything. Waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, then waits up to {@code timeout} for a clean exit; returns the exit code. */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
            throw new IllegalStateException("meridian did not stop within " + timeout + " after SIGTERM; killed it");
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The last lines of the child's stderr, for error messages. */
    public String stderrTail() {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(stderr);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + stderr + ": " + e.getMessage() + ")";
        }
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
