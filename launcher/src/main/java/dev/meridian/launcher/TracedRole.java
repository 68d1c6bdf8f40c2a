package dev.meridian.launcher;

import static java.util.Objects.requireNonNull;

import dev.meridian.tracing.TracingSetup;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * The long-running role of a {@code meridian} subcommand (storage, coordinator, gateway): started
 * with the OpenTelemetry of its config's {@code tracing} block, and stopped by SIGTERM or Ctrl-C,
 * which closes the role and then the tracing (flushing the spans not yet exported).
 */
final class TracedRole<T extends AutoCloseable> {
    private final T role;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private TracedRole(T role) {
        this.role = role;
    }

    /**
     * Starts the role and registers its shutdown hook; if starting fails, the tracing is closed again.
     *
     * @param serviceName the spans' {@code service.name}, e.g. {@code meridian-gateway}
     */
    static <T extends AutoCloseable> TracedRole<T> start(Optional<String> otlpEndpoint, String serviceName,
            Function<OpenTelemetry, T> start) {
        requireNonNull(start, "start is null");
        TracingSetup tracing = TracingSetup.create(otlpEndpoint, serviceName);
        T role;
        try {
            role = requireNonNull(start.apply(tracing.openTelemetry()), "start returned no role");
        } catch (RuntimeException e) {
            tracing.close();
            throw e;
        }
        TracedRole<T> running = new TracedRole<>(role);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> running.stop(tracing), serviceName + "-shutdown"));
        return running;
    }

    T role() {
        return role;
    }

    /** Blocks until the shutdown hook has closed the role. */
    void awaitStop() throws InterruptedException {
        stopped.await();
    }

    private void stop(TracingSetup tracing) {
        try {
            role.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop " + role + ": " + e.getMessage(), e);
        } finally {
            try {
                tracing.close();
            } finally {
                stopped.countDown();
            }
        }
    }
}
