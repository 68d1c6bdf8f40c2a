package dev.meridian.storage.node;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.CommonPools;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.server.prometheus.PrometheusExpositionService;
import dev.meridian.storage.Health;
import dev.meridian.storage.Storage;
import dev.meridian.storage.metadata.MetadataStore;
import dev.meridian.tracing.GrpcServerTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running storage node server: one port (Armeria, HTTP/1.1 and HTTP/2 cleartext) serving
 *
 * <ul>
 *   <li>the StorageNode gRPC service of node.proto over a {@link Storage};
 *   <li>{@code GET /metrics}: every meter of the registry in the Prometheus text format (or
 *       OpenMetrics when asked for): the node's request meters ({@code meridian_storage_rpc_*}),
 *       JVM memory, GC, threads, class loading, CPU and uptime, Armeria's own meters, and whatever
 *       the storage engine registers;
 *   <li>{@code GET /health}: 200 while the server runs (liveness);
 *   <li>{@code GET /ready}: 200 when {@link Storage#health()} says ready, else 503; the body is
 *       the health state.
 * </ul>
 *
 * <p>Tracing: every StorageNode call runs in a SERVER span {@code node.<Method>} ({@code
 * node.Fetch}, {@code node.Write}, ...) of the {@link OpenTelemetry} given at start ({@link
 * GrpcServerTracing}), continuing the W3C {@code traceparent} the caller sent as metadata, so a
 * coordinator's fetch and the node's work on it are one trace. Without an OpenTelemetry the
 * server uses {@link OpenTelemetry#noop()} and records nothing.
 *
 * <p>The server owns the node's metric metadata ({@link MetadataStore}, served by the WriteMetadata
 * and Metadata RPCs): it opens it from the data directory at start, writes it back every {@link
 * #METADATA_FLUSH_INTERVAL} when it changed, and once more when closed.
 *
 * <p>Started by the launcher, which owns the storage:
 *
 * <pre>{@code
 * NodeConfig config = NodeConfig.load(file);
 * PrometheusMeterRegistry meters = StorageNodeServer.newMeterRegistry();
 * try (TracingSetup tracing = TracingSetup.create(config.otlpEndpoint(), "meridian-storage");
 *      Storage storage = openStorage(config, meters);   // the engine registers its meters here
 *      StorageNodeServer server = StorageNodeServer.start(config, storage, meters, tracing.openTelemetry())) {
 *     ... wait for a signal ...
 * }
 * }</pre>
 *
 * Closing the server stops taking calls, waits up to {@link ServerConfig#shutdownTimeout()} for
 * calls in flight, stops its worker threads and flushes the metadata; it does not close the
 * storage.
 */
public final class StorageNodeServer implements AutoCloseable {
    /** Calls that may wait for a worker, per worker thread, before new ones are refused. */
    private static final int QUEUED_CALLS_PER_THREAD = 8;
    /** gRPC frames a message with a 1-byte compression flag and a 4-byte length. */
    private static final int GRPC_FRAME_HEADER_BYTES = 5;
    /**
     * How often the metric metadata is written to disk when it changed, so a crash loses at most
     * this much of it (writers resend it; Prometheus every minute).
     */
    public static final Duration METADATA_FLUSH_INTERVAL = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(StorageNodeServer.class.getName());
    private static final String INSTRUMENTATION_SCOPE = "dev.meridian.storage.node";

    private final Server server;
    private final PrometheusMeterRegistry registry;
    private final boolean ownsRegistry;
    private final JvmGcMetrics gcMetrics;
    private final ExecutorService writeWorkers;
    private final ExecutorService readWorkers;
    private final MetadataStore metadata;
    private final ScheduledExecutorService metadataFlusher;
    private final Duration shutdownTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();

    private StorageNodeServer(Server server, PrometheusMeterRegistry registry, boolean ownsRegistry,
            JvmGcMetrics gcMetrics, ExecutorService writeWorkers, ExecutorService readWorkers, MetadataStore metadata,
            ScheduledExecutorService metadataFlusher, Duration shutdownTimeout) {
        this.server = server;
        this.registry = registry;
        this.ownsRegistry = ownsRegistry;
        this.gcMetrics = gcMetrics;
        this.writeWorkers = writeWorkers;
        this.readWorkers = readWorkers;
        this.metadata = metadata;
        this.metadataFlusher = metadataFlusher;
        this.shutdownTimeout = shutdownTimeout;
    }

    /** A registry to hand to the storage engine before the server starts, then to {@link #start(NodeConfig, Storage, PrometheusMeterRegistry)}. */
    public static PrometheusMeterRegistry newMeterRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /**
     * Starts a server with a registry of its own, which {@link #meterRegistry()} returns and {@link
     * #close()} closes, without tracing.
     */
    public static StorageNodeServer start(NodeConfig config, Storage storage) {
        return start(config, storage, OpenTelemetry.noop());
    }

    /**
     * Starts a server with a registry of its own, which {@link #meterRegistry()} returns and {@link
     * #close()} closes, tracing every call with {@code openTelemetry}.
     */
    public static StorageNodeServer start(NodeConfig config, Storage storage, OpenTelemetry openTelemetry) {
        return start(config, storage, newMeterRegistry(), true, openTelemetry);
    }

    /**
     * Starts a server that exposes {@code registry} (which the caller keeps and closes) on {@code
     * /metrics} and adds the node's request and JVM meters to it.
     *
     * @throws UncheckedIOException if the server cannot listen on the configured address
     * @throws dev.meridian.storage.StorageException {@code IO} if the metadata file cannot be read
     */
    public static StorageNodeServer start(NodeConfig config, Storage storage, PrometheusMeterRegistry registry) {
        return start(config, storage, registry, OpenTelemetry.noop());
    }

    /**
     * {@link #start(NodeConfig, Storage, PrometheusMeterRegistry)}, tracing every call in a SERVER
     * span {@code node.<Method>} of {@code openTelemetry} (which the caller keeps and closes).
     */
    public static StorageNodeServer start(NodeConfig config, Storage storage, PrometheusMeterRegistry registry,
            OpenTelemetry openTelemetry) {
        return start(config, storage, registry, false, openTelemetry);
    }

    private static StorageNodeServer start(NodeConfig config, Storage storage, PrometheusMeterRegistry registry,
            boolean ownsRegistry, OpenTelemetry openTelemetry) {
        requireNonNull(config, "config is null");
        requireNonNull(storage, "storage is null");
        requireNonNull(registry, "registry is null");
        requireNonNull(openTelemetry, "openTelemetry is null");
        ServerConfig serverConfig = config.server();
        MetadataStore metadata = MetadataStore.open(config.dataDir());

        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);

        ExecutorService writeWorkers = workers("write", serverConfig.writeThreads());
        ExecutorService readWorkers = workers("read", serverConfig.readThreads());
        RpcMeters meters = new RpcMeters(registry);
        StorageNodeService service = new StorageNodeService(storage, metadata, writeWorkers, readWorkers,
                CommonPools.blockingTaskExecutor(), meters);
        ScheduledExecutorService metadataFlusher = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "meridian-node-metadata-flush");
            thread.setDaemon(true);
            return thread;
        });
        long every = METADATA_FLUSH_INTERVAL.toMillis();
        metadataFlusher.scheduleWithFixedDelay(() -> flush(metadata), every, every, TimeUnit.MILLISECONDS);

        Server server = Server.builder()
                .http(new InetSocketAddress(serverConfig.host(), serverConfig.port()))
                .meterRegistry(registry)
                // Every RPC takes one request message, which Armeria buffers whole before decoding
                // it. The message limit below answers RESOURCE_EXHAUSTED; the HTTP limit, twice as
                // large, only bounds what is buffered: over it a client gets HTTP 413 (gRPC UNKNOWN).
                .maxRequestLength(2L * serverConfig.maxRequestBytes() + GRPC_FRAME_HEADER_BYTES)
                .requestTimeout(serverConfig.requestTimeout())
                // Quiet period 0: stop as soon as no call is in flight, or after the timeout.
                .gracefulShutdownTimeout(Duration.ZERO, serverConfig.shutdownTimeout())
                .service(GrpcService.builder()
                        .addService(service)
                        .maxRequestMessageLength(serverConfig.maxRequestBytes())
                        .intercept(meters.interceptor(),
                                new GrpcServerTracing(openTelemetry.getTracer(INSTRUMENTATION_SCOPE), "node"))
                        .build())
                .route().get("/metrics").build(PrometheusExpositionService.of(registry.getPrometheusRegistry()))
                .route().get("/health").build((ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, "live\n"))
                .route().get("/ready").build((ctx, req) -> HttpResponse.of(
                        CompletableFuture.supplyAsync(() -> readiness(storage), ctx.blockingTaskExecutor())))
                .build();

        StorageNodeServer node = new StorageNodeServer(server, registry, ownsRegistry, gcMetrics, writeWorkers,
                readWorkers, metadata, metadataFlusher, serverConfig.shutdownTimeout());
        try {
            server.start().join();
        } catch (CompletionException e) {
            node.close();
            if (e.getCause() instanceof IOException cannotListen) {
                throw new UncheckedIOException("cannot listen on " + serverConfig.host() + ":" + serverConfig.port()
                        + ": " + cannotListen.getMessage(), cannotListen);
            }
            throw e;
        }
        return node;
    }

    /** The port the server listens on: the configured one, or the one picked for port 0. */
    public int port() {
        return server.activeLocalPort();
    }

    /** The registry behind {@code /metrics}; the storage engine may register its meters here. */
    public MeterRegistry meterRegistry() {
        return registry;
    }

    /** Stops the server (see the class comment). Closing again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop().join();
        // The server has closed every call, so the workers only finish what they hold.
        stopWorkers(writeWorkers);
        stopWorkers(readWorkers);
        // No write can reach the metadata any more: stop the periodic flush and write it a last time.
        stopWorkers(metadataFlusher);
        flush(metadata);
        gcMetrics.close();
        if (ownsRegistry) {
            registry.close();
        }
    }

    private void stopWorkers(ExecutorService workers) {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Writes the metadata file if the metadata changed; a failure is logged and retried at the next flush. */
    private static void flush(MetadataStore metadata) {
        try {
            metadata.flush();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write the metric metadata to " + metadata.file()
                    + "; retrying at the next flush", e);
        }
    }

    private static HttpResponse readiness(Storage storage) {
        Health health;
        try {
            health = storage.health();
        } catch (RuntimeException e) {
            return HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE, MediaType.PLAIN_TEXT_UTF_8,
                    "health check failed: " + e.getMessage() + "\n");
        }
        return HttpResponse.of(health.ready() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE,
                MediaType.PLAIN_TEXT_UTF_8, health.state() + "\n");
    }

    /**
     * A fixed pool with a bounded queue: when every thread is busy and the queue is full, a call
     * is refused (RESOURCE_EXHAUSTED, retryable) rather than piling up in memory.
     */
    private static ExecutorService workers(String role, int threads) {
        AtomicInteger number = new AtomicInteger();
        int queued = threads * QUEUED_CALLS_PER_THREAD;
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(queued),
                runnable -> {
                    Thread thread = new Thread(runnable, "meridian-node-" + role + "-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                (runnable, pool) -> {
                    throw new RejectedExecutionException("all " + threads + " " + role + " threads are busy and "
                            + queued + " " + role + " calls are waiting");
                });
    }
}
