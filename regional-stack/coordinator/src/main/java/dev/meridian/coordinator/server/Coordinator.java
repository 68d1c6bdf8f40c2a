package dev.meridian.coordinator.server;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import dev.meridian.api.ApiLimits;
import dev.meridian.api.BuildInfo;
import dev.meridian.api.EngineBackend;
import dev.meridian.api.PrometheusApi;
import dev.meridian.coordinator.placement.Placement;
import dev.meridian.coordinator.placement.PlacementNode;
import dev.meridian.coordinator.read.NodeReader;
import dev.meridian.coordinator.read.ReplicatedMetadata;
import dev.meridian.coordinator.read.ReplicatedQueryable;
import dev.meridian.coordinator.read.TracingNodeReader;
import dev.meridian.coordinator.region.RegionIdentity;
import dev.meridian.coordinator.region.RegionService;
import dev.meridian.coordinator.region.RegionTimeRange;
import dev.meridian.coordinator.remoteread.RemoteReadLimits;
import dev.meridian.coordinator.remoteread.RemoteReadService;
import dev.meridian.coordinator.replication.NodeWriter;
import dev.meridian.coordinator.replication.ReplicatedWriter;
import dev.meridian.coordinator.write.RemoteWriteDecoder;
import dev.meridian.coordinator.write.RemoteWriteLimits;
import dev.meridian.coordinator.write.RemoteWriteService;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.storage.TimeRange;
import dev.meridian.storage.node.StorageNodeClient;
import dev.meridian.tracing.GrpcClientTracing;
import io.grpc.ClientInterceptor;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A region's coordinator, in one {@link CoordinatorRole}, on one port:
 * <ul>
 *   <li>write: Prometheus remote write ({@link RemoteWriteService}) on {@code /api/v1/write} and
 *       {@code /api/v1/prom/remote/write}, replicated to the placement's storage nodes;
 *   <li>read: the Prometheus query API under {@code /api/v1/} and remote read on {@code
 *       /api/v1/read}, over every storage node ({@link ReplicatedQueryable}), and the region
 *       service for the global gateway ({@link RegionService}, gRPC on the same port), traced
 *       with the {@link OpenTelemetry} given at start;
 *   <li>always: {@code GET /-/healthy}.
 * </ul>
 * Each role has its own thread pool, so that in {@link CoordinatorRole#BOTH} queries wait for
 * query threads, never for write threads. One client per storage node, opened at start; every
 * node call carries the W3C trace context current when it is made ({@link GrpcClientTracing}), so
 * the node's {@code node.<Method>} span is a child of the read path's {@code storage.<Method>} span
 * (with {@link OpenTelemetry#noop()} the caller's own context still passes through).
 */
public final class Coordinator implements AutoCloseable {
    private final CoordinatorRole role;
    private final String host;
    private final Map<String, StorageNodeClient> clients = new LinkedHashMap<>();
    private final ExecutorService writeExecutor = Executors.newCachedThreadPool(daemon("coordinator-write"));
    // the read role's storage-node calls, and its queries (at most queryConcurrency at once)
    private final ExecutorService storageExecutor = Executors.newCachedThreadPool(daemon("coordinator-read"));
    private ExecutorService queryExecutor;
    private final OpenTelemetry openTelemetry;
    private final Server server;

    private Coordinator(CoordinatorConfig config, Placement placement, CoordinatorRole role, BuildInfo buildInfo,
            OpenTelemetry openTelemetry) {
        this.role = role;
        this.openTelemetry = openTelemetry;
        this.host = config.host();
        // Every node call sends the trace context current when it starts (a storage.* span of the
        // read path), so the node's node.* span joins the query's trace.
        List<ClientInterceptor> tracing = List.of(new GrpcClientTracing());
        for (PlacementNode node : placement.nodes()) {
            clients.put(node.id(), StorageNodeClient.connect(node.host(), node.port(), StorageNodeClient.DEFAULT_CALL_TIMEOUT,
                    tracing));
        }
        ServerBuilder server = Server.builder()
                .http(new InetSocketAddress(config.host(), config.port()))
                .service("/-/healthy", (ctx, req) -> HttpResponse.of(HttpStatus.OK));
        if (role.writes()) {
            bindWrite(server, config, placement);
        }
        if (role.reads()) {
            queryExecutor = Executors.newFixedThreadPool(config.queryConcurrency(), daemon("coordinator-query"));
            bindRead(server, config, placement, buildInfo);
        }
        this.server = server.build();
    }

    private void bindWrite(ServerBuilder server, CoordinatorConfig config, Placement placement) {
        ReplicatedWriter writer = new ReplicatedWriter(placement, node -> NodeWriter.of(clients.get(node.id())),
                config.writeConsistency(), config.writeTimeout(), writeExecutor);
        RemoteWriteService write = new RemoteWriteService(
                new RemoteWriteDecoder(RemoteWriteLimits.DEFAULT, placement.shards(), config.externalLabels()), writer,
                config.namespace(), writeExecutor);
        // A little over the largest compressed body the decoder accepts, which answers 413 itself.
        server.maxRequestLength(RemoteWriteLimits.DEFAULT.maxCompressedBytes() + 1024)
                .service("/api/v1/write", write)
                .service("/api/v1/prom/remote/write", write);
    }

    private void bindRead(ServerBuilder server, CoordinatorConfig config, Placement placement, BuildInfo buildInfo) {
        // Storage calls are traced, and run with the context of the query that makes them.
        Tracer tracer = openTelemetry.getTracer("dev.meridian.coordinator.read");
        Executor storageCalls = Context.taskWrapping(storageExecutor);
        Function<PlacementNode, NodeReader> readers = node -> new TracingNodeReader(NodeReader.of(clients.get(node.id())), tracer,
                node.id());
        ReplicatedQueryable region = new ReplicatedQueryable(placement, readers, config.namespace(), config.readConsistency(),
                config.readTimeout(), storageCalls);
        ReplicatedMetadata metadata = new ReplicatedMetadata(placement, readers, config.readConsistency(), config.readTimeout(),
                storageCalls);
        ApiLimits limits = config.queryLimits();
        Engine engine = new Engine(EngineConfig.builder().maxSamples(limits.maxSamples()).timeout(limits.queryTimeout()).build());
        new PrometheusApi(new EngineBackend(region, engine, limits, metadata::metadata), limits, buildInfo, Clock.systemUTC(),
                queryExecutor).bind(server);
        // Grafana GETs long queries; Armeria's default 4 KiB request line would answer them 414
        server.http1MaxInitialLineLength(1 << 20);
        server.service("/api/v1/read", new RemoteReadService(region, RemoteReadLimits.DEFAULT, queryExecutor));
        Map<String, Supplier<Map<String, TimeRange>>> timeRanges = new LinkedHashMap<>();
        clients.forEach((id, client) -> timeRanges.put(id, client::timeRanges));
        new RegionService(new RegionIdentity(config.region(), config.externalLabels()),
                new RegionTimeRange(timeRanges, config.namespace(), RegionTimeRange.DEFAULT_REFRESH_INTERVAL, config.readTimeout(),
                        storageCalls),
                region, engine, limits, metadata::metadata, queryExecutor).bind(server, openTelemetry);
    }

    /** {@link #start(CoordinatorConfig, Placement, CoordinatorRole, String)} of an unnamed version. */
    public static Coordinator start(CoordinatorConfig config, Placement placement, CoordinatorRole role) {
        return start(config, placement, role, "unknown");
    }

    /**
     * {@link #start(CoordinatorConfig, Placement, CoordinatorRole, String, OpenTelemetry)} without
     * tracing ({@link OpenTelemetry#noop()}).
     */
    public static Coordinator start(CoordinatorConfig config, Placement placement, CoordinatorRole role, String version) {
        return start(config, placement, role, version, OpenTelemetry.noop());
    }

    /**
     * Starts listening; returns once the port is bound.
     *
     * @param version what {@code /api/v1/status/buildinfo} reports as the version
     * @param openTelemetry where the read role's spans go: a SERVER span per region call and a
     *     CLIENT span per storage node call it makes, whose context the node call carries
     *     ({@link OpenTelemetry#noop()} for none)
     */
    public static Coordinator start(CoordinatorConfig config, Placement placement, CoordinatorRole role, String version,
            OpenTelemetry openTelemetry) {
        requireNonNull(config, "config is null");
        requireNonNull(placement, "placement is null");
        requireNonNull(role, "role is null");
        requireNonNull(version, "version is null");
        requireNonNull(openTelemetry, "openTelemetry is null");
        BuildInfo buildInfo = new BuildInfo(version, "unknown", "unknown", "unknown", "unknown", "java" + Runtime.version().feature());
        Coordinator coordinator = new Coordinator(config, placement, role, buildInfo, openTelemetry);
        try {
            coordinator.server.start().join();
        } catch (RuntimeException e) {
            coordinator.close();
            throw e;
        }
        return coordinator;
    }

    public CoordinatorRole role() {
        return role;
    }

    public int port() {
        return server.activeLocalPort();
    }

    /** Where Prometheus sends remote writes: {@code http://host:port/api/v1/write}. */
    public URI writeUrl() {
        return URI.create(baseUrl() + "/api/v1/write");
    }

    /** What Grafana and querycmp point at (the Prometheus API root): {@code http://host:port}. */
    public URI queryUrl() {
        return URI.create(baseUrl());
    }

    private String baseUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port();
    }

    @Override
    public void close() {
        server.stop().join();
        clients.values().forEach(StorageNodeClient::close);
        writeExecutor.shutdownNow();
        storageExecutor.shutdownNow();
        if (queryExecutor != null) {
            queryExecutor.shutdownNow();
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
