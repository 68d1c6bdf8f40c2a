package dev.meridian.launcher;

import dev.meridian.storage.EngineOptions;
import dev.meridian.storage.StorageEngine;
import dev.meridian.storage.node.NodeConfig;
import dev.meridian.storage.node.StorageNodeServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;

/**
 * A storage node in this JVM: its engine opened on the configured data directory (blocks at once,
 * heads recovered in the background) and its server listening. What {@code meridian storage}
 * runs, and what {@code meridian demo} runs once per node.
 */
final class StorageNodeInstance implements AutoCloseable {
    private final NodeConfig config;
    private final StorageEngine engine;
    private final StorageNodeServer server;

    private StorageNodeInstance(NodeConfig config, StorageEngine engine, StorageNodeServer server) {
        this.config = config;
        this.engine = engine;
        this.server = server;
    }

    /** A node that records no spans (the demo's). */
    static StorageNodeInstance start(NodeConfig config) {
        return start(config, OpenTelemetry.noop());
    }

    /** A node whose calls are spans of {@code openTelemetry}, which the caller keeps and closes. */
    static StorageNodeInstance start(NodeConfig config, OpenTelemetry openTelemetry) {
        PrometheusMeterRegistry registry = StorageNodeServer.newMeterRegistry();
        EngineOptions.Builder options = EngineOptions.builder(config.dataDir())
                .fsync(config.commitLog().fsync())
                .commitLogSegmentBytes(config.commitLog().segmentBytes())
                .registry(registry)
                .recoverInBackground(true);
        config.namespaces().forEach(options::namespace);
        StorageEngine engine = StorageEngine.open(options.build());
        try {
            return new StorageNodeInstance(config, engine, StorageNodeServer.start(config, engine, registry, openTelemetry));
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /** host:port of the node's gRPC and HTTP port. */
    String address() {
        return config.server().host() + ":" + server.port();
    }

    NodeConfig config() {
        return config;
    }

    /** Stops serving, then closes the engine (with a head snapshot for a fast restart). */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            engine.close();
        }
    }
}
