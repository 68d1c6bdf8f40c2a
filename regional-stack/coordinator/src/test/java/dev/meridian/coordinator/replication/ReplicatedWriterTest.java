package dev.meridian.coordinator.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.coordinator.placement.Placement;
import dev.meridian.coordinator.placement.PlacementNode;
import dev.meridian.storage.SeriesError;
import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import dev.meridian.storage.WriteBatch;
import dev.meridian.storage.WriteResult;
import dev.meridian.storage.metadata.FamilyMetadata;
import dev.meridian.storage.metadata.MetricType;
import dev.meridian.storage.series.SeriesLabels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Replication and consistency against scripted nodes: ones that store, fail or hang. */
class ReplicatedWriterTest {
    private static final int SHARDS = 8;

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    /** What each node id stored: its batches' series. */
    private final Map<String, List<SeriesLabels>> stored = new ConcurrentHashMap<>();
    /** The metadata families each node id stored. */
    private final Map<String, List<String>> storedMetadata = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        release.countDown();
        executor.shutdownNow();
    }

    private static List<PlacementNode> nodes(int n) {
        List<PlacementNode> nodes = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            nodes.add(new PlacementNode("node-" + i, "127.0.0.1", 9100 + i));
        }
        return nodes;
    }

    /**
     * node-i behaves as {@code behaviour.charAt(i - 1)}: s stores, f fails, h hangs until the test
     * ends, m stores samples but fails metadata.
     */
    private ReplicatedWriter writer(Placement placement, String behaviour, Consistency consistency, Duration timeout) {
        return new ReplicatedWriter(placement,
                node -> new ScriptedNode(node.id(), behaviour.charAt(Integer.parseInt(node.id().substring("node-".length())) - 1)),
                consistency, timeout, executor);
    }

    private final class ScriptedNode implements NodeWriter {
        private final String id;
        private final char behaviour;

        ScriptedNode(String id, char behaviour) {
            this.id = id;
            this.behaviour = behaviour;
        }

        @Override
        public WriteResult write(String namespace, WriteBatch batch) {
            failOrHang(namespace);
            List<SeriesError> errors = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                SeriesLabels labels = batch.labels(i);
                stored.computeIfAbsent(id, k -> new ArrayList<>()).add(labels);
                if (labels.toString().contains("\"bad\"")) {
                    errors.add(new SeriesError(labels.toString(), StorageErrorCode.SAMPLE_OUT_OF_BOUNDS, "too old",
                            batch.endSample(i) - batch.firstSample(i)));
                }
            }
            return new WriteResult(batch.sampleCount(), errors);
        }

        @Override
        public void writeMetadata(List<FamilyMetadata> entries) {
            failOrHang("raw");
            if (behaviour == 'm') {
                throw new StorageException(StorageErrorCode.IO, "cannot keep metadata: disk full");
            }
            entries.forEach(e -> storedMetadata.computeIfAbsent(id, k -> new ArrayList<>()).add(e.family()));
        }

        private void failOrHang(String namespace) {
            if (behaviour == 'f') {
                throw new StorageException(StorageErrorCode.NOT_READY, "namespace " + namespace + " is not ready: recovering");
            }
            if (behaviour == 'h') {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("released");
            }
        }
    }

    private static List<FamilyMetadata> families(int count) {
        List<FamilyMetadata> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new FamilyMetadata("metric_" + i, MetricType.COUNTER, "help " + i, "", 1_000));
        }
        return out;
    }

    /** {@code count} series with two samples each, grouped by shard. */
    private static Map<Integer, WriteBatch> request(int count, String job) {
        Map<Integer, WriteBatch> byShard = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            SeriesLabels labels = SeriesLabels.of("__name__", "up", "instance", "host-" + i, "job", job);
            byShard.computeIfAbsent(labels.shard(SHARDS), s -> new WriteBatch())
                    .add(labels, new long[] {1_000, 2_000}, new double[] {1, 0}, 2);
        }
        return byShard;
    }

    @Test
    void everyReplicaOfAShardGetsItsSeriesInOneCallPerNode() throws Exception {
        Placement placement = Placement.balanced(nodes(4), SHARDS, 3);
        Map<Integer, WriteBatch> request = request(100, "api");

        ReplicatedWrite result = writer(placement, "ssss", Consistency.ALL, Duration.ofSeconds(10)).write("raw", request);

        assertThat(result.acknowledged()).isTrue();
        assertThat(result.samples()).isEqualTo(200);
        assertThat(result.samplesAccepted()).isEqualTo(200);
        for (PlacementNode node : placement.nodes()) {
            List<SeriesLabels> expected = new ArrayList<>();
            for (int shard : placement.shardsOf(node.id())) {
                WriteBatch batch = request.get(shard);
                for (int i = 0; batch != null && i < batch.size(); i++) {
                    expected.add(batch.labels(i));
                }
            }
            assertThat(stored.getOrDefault(node.id(), List.of())).as(node.id()).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void majorityToleratesOneFailedReplicaButAllDoesNot() throws Exception {
        Placement placement = Placement.balanced(nodes(3), SHARDS, 3);

        ReplicatedWrite majority = writer(placement, "ssf", Consistency.MAJORITY, Duration.ofSeconds(10))
                .write("raw", request(50, "api"));
        ReplicatedWrite all = writer(placement, "ssf", Consistency.ALL, Duration.ofSeconds(10)).write("raw", request(50, "api"));

        assertThat(majority.acknowledged()).isTrue();
        assertThat(all.acknowledged()).isFalse();
        // ALL gives a shard up as soon as a replica fails, whatever the others have done by then.
        assertThat(all.failedShards()).isNotEmpty().allSatisfy(f -> {
            assertThat(f.acknowledged()).isLessThan(3);
            assertThat(f.required()).isEqualTo(3);
            assertThat(f.nodeErrors()).containsExactly("node-3 (127.0.0.1:9103): namespace raw is not ready: recovering");
        });
    }

    @Test
    void twoFailedReplicasFailMajorityAndOneStillSucceedsWithOne() throws Exception {
        Placement placement = Placement.balanced(nodes(3), SHARDS, 3);

        ReplicatedWrite majority = writer(placement, "sff", Consistency.MAJORITY, Duration.ofSeconds(10))
                .write("raw", request(20, "api"));
        ReplicatedWrite one = writer(placement, "sff", Consistency.ONE, Duration.ofSeconds(10)).write("raw", request(20, "api"));

        assertThat(majority.acknowledged()).isFalse();
        // The shard is given up at the second failure; the storing replica may not have answered yet.
        assertThat(majority.failedShards().get(0).toString())
                .matches("shard " + majority.failedShards().get(0).shard() + ": [01] of 2 required replicas stored it; node-. .*")
                .contains("not ready");
        assertThat(one.acknowledged()).isTrue();
    }

    @Test
    void aHangingReplicaDoesNotHoldUpAMajorityButTimesOutAll() throws Exception {
        Placement placement = Placement.balanced(nodes(3), SHARDS, 3);

        long started = System.nanoTime();
        ReplicatedWrite majority = writer(placement, "ssh", Consistency.MAJORITY, Duration.ofSeconds(30))
                .write("raw", request(20, "api"));
        double majoritySeconds = (System.nanoTime() - started) / 1e9;
        ReplicatedWrite all = writer(placement, "ssh", Consistency.ALL, Duration.ofMillis(300)).write("raw", request(20, "api"));

        assertThat(majority.acknowledged()).isTrue();
        assertThat(majoritySeconds).as("returned without the hanging replica").isLessThan(10);
        assertThat(all.acknowledged()).isFalse();
        assertThat(all.failedShards()).allSatisfy(f -> assertThat(f.nodeErrors()).containsExactly("1 replica had not answered after PT0.3S"));
    }

    @Test
    void refusedSeriesAreReportedOnceAndTheRestIsAcknowledged() throws Exception {
        Placement placement = Placement.balanced(nodes(3), SHARDS, 3);
        Map<Integer, WriteBatch> request = request(10, "api");
        request.computeIfAbsent(SeriesLabels.of("__name__", "up", "job", "bad").shard(SHARDS), s -> new WriteBatch())
                .add(SeriesLabels.of("__name__", "up", "job", "bad"), new long[] {5, 6, 7}, new double[] {1, 2, 3}, 3);

        ReplicatedWrite result = writer(placement, "sss", Consistency.MAJORITY, Duration.ofSeconds(10)).write("raw", request);

        assertThat(result.acknowledged()).isTrue();
        assertThat(result.seriesErrors()).singleElement().satisfies(e -> {
            assertThat(e.series()).isEqualTo("{__name__=\"up\", job=\"bad\"}");
            assertThat(e.samplesRejected()).isEqualTo(3);
        });
        assertThat(result.samples()).isEqualTo(23);
        assertThat(result.samplesAccepted()).isEqualTo(20);
    }

    @Test
    void eachFamilyGoesToTheReplicasOfItsShardAndNoSamplesAreWrittenForMetadataOnly() throws Exception {
        Placement placement = Placement.balanced(nodes(4), SHARDS, 3);
        List<FamilyMetadata> metadata = families(40);

        ReplicatedWrite result = writer(placement, "ssss", Consistency.ALL, Duration.ofSeconds(10)).write("raw", Map.of(), metadata);

        assertThat(result.acknowledged()).isTrue();
        assertThat(result.samples()).isZero();
        assertThat(stored).as("no Write calls").isEmpty();
        for (PlacementNode node : placement.nodes()) {
            List<Integer> held = placement.shardsOf(node.id());
            List<String> expected = metadata.stream().filter(m -> held.contains(m.shard(SHARDS))).map(FamilyMetadata::family).toList();
            assertThat(storedMetadata.getOrDefault(node.id(), List.of())).as(node.id()).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void aReplicaThatFailsMetadataHasNotStoredItsShardsAtAll() throws Exception {
        Placement placement = Placement.balanced(nodes(3), SHARDS, 3);
        List<FamilyMetadata> metadata = families(5);
        List<Integer> metadataShards = metadata.stream().map(m -> m.shard(SHARDS)).distinct().sorted().toList();

        ReplicatedWrite majority = writer(placement, "ssm", Consistency.MAJORITY, Duration.ofSeconds(10))
                .write("raw", Map.of(), metadata);
        ReplicatedWrite all = writer(placement, "ssm", Consistency.ALL, Duration.ofSeconds(10)).write("raw", Map.of(), metadata);
        // With samples too, node-3 stores them but not the metadata: it has not stored its shards.
        Map<Integer, WriteBatch> samples = request(30, "api");
        ReplicatedWrite mixed = writer(placement, "ssm", Consistency.ALL, Duration.ofSeconds(10)).write("raw", samples, metadata);

        assertThat(majority.acknowledged()).isTrue();
        assertThat(all.failedShards()).extracting(ShardFailure::shard).containsExactlyElementsOf(metadataShards);
        assertThat(all.failedShards()).allSatisfy(f ->
                assertThat(f.nodeErrors()).containsExactly("node-3 (127.0.0.1:9103): cannot keep metadata: disk full"));
        SortedSet<Integer> everyShard = new TreeSet<>(metadataShards);
        everyShard.addAll(samples.keySet());
        assertThat(mixed.failedShards()).extracting(ShardFailure::shard).containsExactlyElementsOf(everyShard);
        assertThat(mixed.samples()).isEqualTo(60);
    }

    @Test
    void consistencyLevelsAndArguments() {
        assertThat(Consistency.MAJORITY.required(3)).isEqualTo(2);
        assertThat(Consistency.MAJORITY.required(5)).isEqualTo(3);
        assertThat(Consistency.MAJORITY.required(1)).isEqualTo(1);
        assertThat(Consistency.ALL.required(3)).isEqualTo(3);
        assertThat(Consistency.ONE.required(3)).isEqualTo(1);
        assertThat(Consistency.parse(" Majority ")).isEqualTo(Consistency.MAJORITY);
        assertThatThrownBy(() -> Consistency.parse("quorum"))
                .hasMessage("consistency must be one, majority or all (got: \"quorum\")");
        Placement placement = Placement.balanced(nodes(3), SHARDS, 3);
        assertThatThrownBy(() -> writer(placement, "sss", Consistency.ONE, Duration.ofSeconds(1))
                .write("raw", Map.of(SHARDS, new WriteBatch().add(SeriesLabels.of("__name__", "x"), 1, 1))))
                .hasMessage("shard must be 0-7 (got: 8)");
    }
}
