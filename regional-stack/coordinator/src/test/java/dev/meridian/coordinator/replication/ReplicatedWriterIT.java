package dev.meridian.coordinator.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.coordinator.StorageNodes;
import dev.meridian.coordinator.placement.Placement;
import dev.meridian.storage.WriteBatch;
import dev.meridian.storage.series.SeriesLabels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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

    private StorageNodes nodes;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        if (nodes != null) {
            nodes.close();
        }
        executor.shutdownNow();
    }

    private ReplicatedWriter writer(Placement placement, Consistency consistency) {
        return new ReplicatedWriter(placement, node -> NodeWriter.of(nodes.client(node)), consistency, Duration.ofSeconds(20), executor);
    }

    static Map<Integer, WriteBatch> request(String job, int count, long now, int shards) {
        Map<Integer, WriteBatch> byShard = new HashMap<>();
        for (int i = 0; i < count; i++) {
            SeriesLabels labels = SeriesLabels.of("__name__", "up", "instance", "host-" + i, "job", job);
            byShard.computeIfAbsent(labels.shard(shards), s -> new WriteBatch()).add(labels, now, i);
        }
        return byShard;
    }

    private long series(int node) {
        return nodes.engine(node).namespace("raw").head().seriesCount();
    }

    @Test
    void majorityWritesSurviveALostNodeAndAllWritesNameIt() throws Exception {
        nodes = new StorageNodes(dir, 3, SHARDS, 3);
        Placement placement = nodes.placement();
        long now = System.currentTimeMillis();

        ReplicatedWrite first = writer(placement, Consistency.ALL).write("raw", request("api", 300, now, SHARDS));

        assertThat(first.acknowledged()).as("%s", first.failedShards()).isTrue();
        assertThat(first.samplesAccepted()).isEqualTo(300);
        for (int node = 0; node < 3; node++) {
            assertThat(series(node)).as("node-%d holds every shard at RF=3 on 3 nodes", node + 1).isEqualTo(300);
        }

        nodes.stopServer(2);
        ReplicatedWrite majority = writer(placement, Consistency.MAJORITY).write("raw", request("web", 300, now, SHARDS));

        // Acknowledged by 2 of 3 with one node gone: both live nodes have stored every shard.
        assertThat(majority.acknowledged()).as("%s", majority.failedShards()).isTrue();
        assertThat(series(0)).isEqualTo(600);
        assertThat(series(1)).isEqualTo(600);

        ReplicatedWrite all = writer(placement, Consistency.ALL).write("raw", request("db", 10, now, SHARDS));

        // ALL fails a shard as soon as a replica fails, without waiting for the others.
        assertThat(all.acknowledged()).isFalse();
        assertThat(all.failedShards()).allSatisfy(f -> {
            assertThat(f.acknowledged()).isLessThan(3);
            assertThat(f.nodeErrors()).singleElement().asString().startsWith("node-3 (127.0.0.1:" + placement.nodes().get(2).port() + "): ");
        });
    }
}
