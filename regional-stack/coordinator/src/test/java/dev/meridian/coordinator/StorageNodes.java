package dev.meridian.coordinator;

import dev.meridian.coordinator.placement.Placement;
import dev.meridian.coordinator.placement.PlacementNode;
import dev.meridian.storage.EngineOptions;
import dev.meridian.storage.StorageEngine;
import dev.meridian.storage.node.NodeConfig;
import dev.meridian.storage.node.ServerConfig;
import dev.meridian.storage.node.StorageNodeClient;
import dev.meridian.storage.node.StorageNodeServer;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Real storage nodes for tests: engines in a directory, servers on 127.0.0.1 at free ports (traced
 * with the OpenTelemetry given, if any), a client to each, and a balanced placement over them.
 * {@link #close} stops all of it.
 */
public final class StorageNodes implements AutoCloseable {
    private final List<StorageEngine> engines = new ArrayList<>();
    private final List<StorageNodeServer> servers = new ArrayList<>();
    private final Map<String, StorageNodeClient> clients = new HashMap<>();
    private final Placement placement;

    public StorageNodes(Path dir, int count, int shards, int replicationFactor) {
        this(dir, count, shards, replicationFactor, OpenTelemetry.noop());
    }

    /** Nodes whose servers record a {@code node.<Method>} span of {@code openTelemetry} per call. */
    public StorageNodes(Path dir, int count, int shards, int replicationFactor, OpenTelemetry openTelemetry) {
        List<PlacementNode> nodes = new ArrayList<>();
        try {
            for (int i = 1; i <= count; i++) {
                Path data = dir.resolve("node-" + i);
                NodeConfig config = NodeConfig.builder(data).server(ServerConfig.defaults().withAddress("127.0.0.1", 0)).build();
                StorageEngine engine = StorageEngine.open(EngineOptions.builder(data).namespace(config.namespaces().get(0)).build());
                engines.add(engine);
                StorageNodeServer server = StorageNodeServer.start(config, engine, openTelemetry);
                servers.add(server);
                PlacementNode node = new PlacementNode("node-" + i, "127.0.0.1", server.port());
                nodes.add(node);
                clients.put(node.id(), StorageNodeClient.connect("127.0.0.1", server.port(), Duration.ofSeconds(10)));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        placement = Placement.balanced(nodes, shards, replicationFactor);
    }

    public Placement placement() {
        return placement;
    }

    public StorageNodeClient client(PlacementNode node) {
        return clients.get(node.id());
    }

    /** The engine of node {@code i} (0-based). */
    public StorageEngine engine(int i) {
        return engines.get(i);
    }

    /** Stops node {@code i}'s server (0-based); its engine stays open until {@link #close}. */
    public void stopServer(int i) {
        servers.get(i).close();
    }

    @Override
    public void close() {
        clients.values().forEach(StorageNodeClient::close);
        servers.forEach(StorageNodeServer::close);
        engines.forEach(StorageEngine::close);
    }
}
