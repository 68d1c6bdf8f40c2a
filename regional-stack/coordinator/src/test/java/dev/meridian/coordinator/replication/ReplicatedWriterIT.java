package dev.meridian.coordinator.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.coordinator.placement.Placement;
import dev.meridian.coordinator.placement.PlacementNode;
import dev.meridian.storage.EngineOptions;
import dev.meridian.storage.StorageEngine;
import dev.meridian.storage.WriteBatch;
import dev.meridian.storage.node.NodeConfig;
import dev.meridian.storage.node.ServerConfig;
import dev.meridian.storage.node.StorageNodeClient;
import dev.meridian.storage.node.StorageNodeServer;
import dev.meridian.storage.series.SeriesLabels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three real storage nodes on loopback, RF=3: a write survives one of them going away under majority. */
class ReplicatedWriterIT {
    private static final int SHARDS = 64;

    @TempDir
    Path dir;

    private final List<StorageEngine> engines = new ArrayList<>();
    private final List<StorageNodeServer> servers = new ArrayList<>();
    private final Map<String, StorageNodeClient> clients = new HashMap<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        clients.values().forEach(StorageNodeClient::close);
        servers.forEach(StorageNodeServer::close);
        engines.forEach(StorageEngine::close);
        executor.shutdownNow();
    }

    private Placement startNodes(int n) {
        List<PlacementNode> nodes = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            Path data = dir.resolve("node-" + i);
            NodeConfig config = NodeConfig.builder(data).server(ServerConfig.defaults().withAddress("127.0.0.1", 0)).build();
            StorageEngine engine = StorageEngine.open(EngineOptions.builder(data).namespace(config.namespaces().get(0)).build());
            engines.add(engine);
            StorageNodeServer server = StorageNodeServer.start(config, engine);
            servers.add(server);
            PlacementNode node = new PlacementNode("node-" + i, "127.0.0.1", server.port());
            nodes.add(node);
            clients.put(node.id(), StorageNodeClient.connect("127.0.0.1", server.port(), Duration.ofSeconds(10)));
        }
        return Placement.balanced(nodes, SHARDS, 3);
    }

    private ReplicatedWriter writer(Placement placement, WriteConsistency consistency) {
        return new ReplicatedWriter(placement, node -> clients.get(node.id())::write, consistency, Duration.ofSeconds(20), executor);
    }

    private static Map<Integer, WriteBatch> request(String job, int count, long now) {
        Map<Integer, WriteBatch> byShard = new HashMap<>();
        for (int i = 0; i < count; i++) {
            SeriesLabels labels = SeriesLabels.of("__name__", "up", "instance", "host-" + i, "job", job);
            byShard.computeIfAbsent(labels.shard(SHARDS), s -> new WriteBatch()).add(labels, now, 1);
        }
        return byShard;
    }

    private long series(int node) {
        return engines.get(node).namespace("raw").head().seriesCount();
    }

    @Test
    void majorityWritesSurviveALostNodeAndAllWritesNameIt() throws Exception {
        Placement placement = startNodes(3);
        long now = System.currentTimeMillis();

        ReplicatedWrite first = writer(placement, WriteConsistency.ALL).write("raw", request("api", 300, now));

        assertThat(first.acknowledged()).as("%s", first.failedShards()).isTrue();
        assertThat(first.samplesAccepted()).isEqualTo(300);
        for (int node = 0; node < 3; node++) {
            assertThat(series(node)).as("node-%d holds every shard at RF=3 on 3 nodes", node + 1).isEqualTo(300);
        }

        servers.get(2).close();
        ReplicatedWrite majority = writer(placement, WriteConsistency.MAJORITY).write("raw", request("web", 300, now));

        // Acknowledged by 2 of 3 with one node gone: both live nodes have stored every shard.
        assertThat(majority.acknowledged()).as("%s", majority.failedShards()).isTrue();
        assertThat(series(0)).isEqualTo(600);
        assertThat(series(1)).isEqualTo(600);

        ReplicatedWrite all = writer(placement, WriteConsistency.ALL).write("raw", request("db", 10, now));

        assertThat(all.acknowledged()).isFalse();
        // ALL fails a shard as soon as a replica fails, without waiting for the others.
        assertThat(all.failedShards()).allSatisfy(f -> {
            assertThat(f.acknowledged()).isLessThan(3);
            assertThat(f.nodeErrors()).singleElement().asString().startsWith("node-3 (127.0.0.1:" + placement.nodes().get(2).port() + "): ");
        });
    }
}
