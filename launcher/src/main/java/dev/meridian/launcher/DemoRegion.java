package dev.meridian.launcher;

import dev.meridian.coordinator.placement.Placement;
import dev.meridian.coordinator.placement.PlacementFile;
import dev.meridian.coordinator.placement.PlacementNode;
import dev.meridian.coordinator.server.Coordinator;
import dev.meridian.coordinator.server.CoordinatorConfig;
import dev.meridian.coordinator.server.CoordinatorRole;
import dev.meridian.gateway.server.GatewayConfig.RegionEndpoints;
import dev.meridian.storage.node.NodeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One region of {@code meridian demo}, in this JVM but laid out as a deployment would be: storage
 * nodes, a placement, a write coordinator and a read coordinator, each on its own loopback port
 * and each from a configuration file in the region's directory:
 * <pre>
 * DIR/placement.yaml              the placement, rewritten at every start (ports may change)
 * DIR/write-coordinator.yaml      role write
 * DIR/read-coordinator.yaml       role read
 * DIR/node-N/node.yaml            storage node N's configuration
 * DIR/node-N/data/                its commit log, blocks and head snapshots
 * </pre>
 * The files are the region's state: starting again on the same directory serves the same data.
 */
final class DemoRegion implements AutoCloseable {
    /** Ports a region takes from its first port: the read coordinator, the write coordinator, then the nodes. */
    static int portsPerRegion(int nodes) {
        return nodes + 2;
    }

    private final String name;
    private final List<StorageNodeInstance> nodes = new ArrayList<>();
    private Coordinator writer;
    private Coordinator reader;

    private DemoRegion(String name) {
        this.name = name;
    }

    /**
     * Starts the region.
     *
     * @param firstPort the read coordinator's port, followed by the others; 0 picks free ports
     * @throws IllegalArgumentException if the replication factor does not fit the nodes
     */
    static DemoRegion start(String name, Path dir, int nodeCount, int replicationFactor, int firstPort) {
        if (replicationFactor < 1 || replicationFactor > nodeCount) {
            throw new IllegalArgumentException("--replication-factor must be between 1 and --nodes-per-region (" + nodeCount
                    + "), got: " + replicationFactor);
        }
        DemoRegion region = new DemoRegion(name);
        try {
            List<PlacementNode> placed = new ArrayList<>();
            for (int i = 1; i <= nodeCount; i++) {
                Path nodeConfig = write(dir.resolve("node-" + i).resolve("node.yaml"), """
                        # storage node %d of region %s (regional-stack/storage/docs/node-config.md)
                        server:
                          host: 127.0.0.1
                          port: %d
                          writeThreads: 4
                          readThreads: 4
                        dataDir: data
                        """.formatted(i, name, port(firstPort, 1 + i)));
                StorageNodeInstance node = StorageNodeInstance.start(NodeConfig.load(nodeConfig));
                region.nodes.add(node);
                placed.add(PlacementNode.parse("node-" + i, node.address()));
            }
            Path placement = dir.resolve("placement.yaml");
            try {
                PlacementFile.write(Placement.balanced(placed, Placement.DEFAULT_SHARDS, replicationFactor), placement);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + placement, e);
            }
            region.writer = startCoordinator(dir.resolve("write-coordinator.yaml"), name, port(firstPort, 1), CoordinatorRole.WRITE);
            region.reader = startCoordinator(dir.resolve("read-coordinator.yaml"), name, port(firstPort, 0), CoordinatorRole.READ);
            return region;
        } catch (RuntimeException e) {
            region.close();
            throw e;
        }
    }

    private static Coordinator startCoordinator(Path file, String region, int port, CoordinatorRole role) {
        write(file, """
                # the %s coordinator of region %s (regional-stack/coordinator/docs/coordinator-config.md)
                server:
                  host: 127.0.0.1
                  port: %d
                placement: placement.yaml
                region: %s
                """.formatted(role.name().toLowerCase(Locale.ROOT), region, port, region));
        CoordinatorConfig config = CoordinatorConfig.load(file);
        return Coordinator.start(config, PlacementFile.read(config.placement()), role, MeridianVersion.projectVersionOrUnknown());
    }

    private static int port(int firstPort, int offset) {
        return firstPort == 0 ? 0 : firstPort + offset;
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    String name() {
        return name;
    }

    Coordinator writer() {
        return writer;
    }

    Coordinator reader() {
        return reader;
    }

    /** How the gateway reaches this region: its read coordinator, which serves the region service on its query port. */
    RegionEndpoints gatewayEndpoints() {
        URI url = reader.queryUrl();
        return new RegionEndpoints(name, List.of(url.getHost() + ":" + url.getPort()));
    }

    List<String> nodeAddresses() {
        return nodes.stream().map(StorageNodeInstance::address).toList();
    }

    /**
     * Stops the coordinators, then the nodes (each snapshots its head, for a fast restart); the
     * members of each step at once.
     */
    @Override
    public void close() {
        ConcurrentClose.closeAll(Arrays.asList(reader, writer));
        ConcurrentClose.closeAll(nodes);
    }
}
