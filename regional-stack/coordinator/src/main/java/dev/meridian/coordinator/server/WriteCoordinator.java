package dev.meridian.coordinator.server;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;
import dev.meridian.coordinator.placement.Placement;
import dev.meridian.coordinator.placement.PlacementNode;
import dev.meridian.coordinator.replication.NodeWriter;
import dev.meridian.coordinator.replication.ReplicatedWriter;
import dev.meridian.coordinator.write.RemoteWriteDecoder;
import dev.meridian.coordinator.write.RemoteWriteLimits;
import dev.meridian.coordinator.write.RemoteWriteService;
import dev.meridian.storage.node.StorageNodeClient;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The write role of a coordinator: remote write ({@link RemoteWriteService}) on {@code
 * /api/v1/write} and {@code /api/v1/prom/remote/write}, replicated to the placement's storage
 * nodes, plus {@code /-/healthy}. One client per storage node, opened at start.
 */
public final class WriteCoordinator implements AutoCloseable {
    private final Map<String, StorageNodeClient> clients = new LinkedHashMap<>();
    private final ExecutorService blocking = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "coordinator-write");
        t.setDaemon(true);
        return t;
    });
    private final Server server;

    private WriteCoordinator(CoordinatorConfig config, Placement placement) {
        for (PlacementNode node : placement.nodes()) {
            clients.put(node.id(), StorageNodeClient.connect(node.host(), node.port()));
        }
        ReplicatedWriter writer = new ReplicatedWriter(placement, node -> NodeWriter.of(clients.get(node.id())),
                config.writeConsistency(), config.writeTimeout(), blocking);
        RemoteWriteService write = new RemoteWriteService(new RemoteWriteDecoder(RemoteWriteLimits.DEFAULT, placement.shards(), config.externalLabels()),
                writer, config.namespace(), blocking);
        server = Server.builder()
                .http(new InetSocketAddress(config.host(), config.port()))
                // A little over the largest compressed body the decoder accepts, which answers 413 itself.
                .maxRequestLength(RemoteWriteLimits.DEFAULT.maxCompressedBytes() + 1024)
                .service("/api/v1/write", write)
                .service("/api/v1/prom/remote/write", write)
                .service("/-/healthy", (ctx, req) -> HttpResponse.of(HttpStatus.OK))
                .build();
    }

    /** Starts listening; returns once the port is bound. */
    public static WriteCoordinator start(CoordinatorConfig config, Placement placement) {
        requireNonNull(config, "config is null");
        requireNonNull(placement, "placement is null");
        WriteCoordinator coordinator = new WriteCoordinator(config, placement);
        try {
            coordinator.server.start().join();
        } catch (RuntimeException e) {
            coordinator.close();
            throw e;
        }
        return coordinator;
    }

    public int port() {
        return server.activeLocalPort();
    }

    @Override
    public void close() {
        server.stop().join();
        clients.values().forEach(StorageNodeClient::close);
        blocking.shutdownNow();
    }
}
