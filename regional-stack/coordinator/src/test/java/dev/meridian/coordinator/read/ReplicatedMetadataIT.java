package dev.meridian.coordinator.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.Server;
import dev.meridian.coordinator.StorageNodes;
import dev.meridian.coordinator.placement.PlacementNode;
import dev.meridian.coordinator.replication.Consistency;
import dev.meridian.coordinator.replication.NodeWriter;
import dev.meridian.coordinator.replication.ReplicatedWriter;
import dev.meridian.api.MetricMetadata;
import dev.meridian.coordinator.write.MetadataMapping;
import dev.meridian.coordinator.write.RemoteWriteDecoder;
import dev.meridian.coordinator.write.RemoteWriteLimits;
import dev.meridian.coordinator.write.RemoteWriteService;
import dev.meridian.promql.storage.StorageException;
import dev.meridian.proto.remote.WriteRequest;
import dev.meridian.storage.ManualClock;
import dev.meridian.storage.metadata.FamilyMetadata;
import dev.meridian.storage.metadata.MetricType;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/**
 * Metric metadata over three real storage nodes (RF=3, 64 shards): written through the
 * remote-write endpoint ({@link RemoteWriteService}, write consistency majority), read back
 * through {@link ReplicatedMetadata} with all nodes up and with one down (one and majority), a
 * named error at all, and replicas that disagree merged to the newest entry.
 */
class ReplicatedMetadataIT {
    private static final int SHARDS = 64;
    private static final long RECEIVED_MS = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private StorageNodes nodes;
    private ReplicatedWriter writer;
    private Server server;

    @BeforeEach
    void start() {
        nodes = new StorageNodes(dir, 3, SHARDS, 3);
        writer = new ReplicatedWriter(nodes.placement(), node -> NodeWriter.of(nodes.client(node)), Consistency.MAJORITY,
                Duration.ofSeconds(10), executor);
        server = Server.builder().http(new InetSocketAddress("127.0.0.1", 0))
                .service("/api/v1/write", new RemoteWriteService(new RemoteWriteDecoder(RemoteWriteLimits.DEFAULT, SHARDS), writer,
                        "raw", executor, new ManualClock(RECEIVED_MS)))
                .build();
        server.start().join();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop().join();
        }
        if (nodes != null) {
            nodes.close();
        }
        executor.shutdownNow();
    }

    private ReplicatedMetadata region(Consistency consistency) {
        return new ReplicatedMetadata(nodes.placement(), node -> NodeReader.of(nodes.client(node)), consistency,
                Duration.ofSeconds(10), executor);
    }

    private int remoteWrite(WriteRequest request) throws Exception {
        RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, "/api/v1/write")
                .contentType(MediaType.parse("application/x-protobuf"))
                .set("Content-Encoding", "snappy")
                .set(RemoteWriteDecoder.VERSION_HEADER, "0.1.0")
                .build();
        return WebClient.of("http://127.0.0.1:" + server.activeLocalPort())
                .execute(HttpRequest.of(headers, HttpData.wrap(Snappy.compress(request.toByteArray()))))
                .aggregate().join().status().code();
    }

    @Test
    void metadataWrittenThroughRemoteWriteIsReadBackAndSurvivesALostNodeUnlessAllAreRequired() throws Exception {
        WriteRequest.Builder request = WriteRequest.newBuilder();
        List<MetricMetadata> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String family = "family_%02d".formatted(i);
            MetricMetadata.Type type = MetricMetadata.Type.values()[i % MetricMetadata.Type.values().length];
            request.addMetadata(dev.meridian.proto.remote.MetricMetadata.newBuilder()
                    .setMetricFamilyName(family)
                    .setTypeValue(type.ordinal())
                    .setHelp("Help of " + family + ".")
                    .setUnit(i % 2 == 0 ? "seconds" : ""));
            expected.add(new MetricMetadata(family, type, "Help of " + family + ".", i % 2 == 0 ? "seconds" : ""));
        }

        assertThat(remoteWrite(request.build())).isEqualTo(204);

        assertThat(region(Consistency.ALL).metadata()).containsExactlyElementsOf(expected);

        nodes.stopServer(2);

        assertThat(region(Consistency.MAJORITY).metadata()).containsExactlyElementsOf(expected);
        assertThat(region(Consistency.ONE).metadata()).containsExactlyElementsOf(expected);
        PlacementNode lost = nodes.placement().nodes().get(2);
        assertThatThrownBy(() -> region(Consistency.ALL).metadata())
                .isInstanceOf(StorageException.class)
                .hasMessageStartingWith("cannot read metadata at consistency all: 64 of 64 shards have fewer than 3 answering"
                        + " replicas (shards 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ...); node-3 (127.0.0.1:" + lost.port() + "): ");
    }

    @Test
    void replicasThatDisagreeAreMergedToTheNewestEntryPerFamily() throws Exception {
        FamilyMetadata old = new FamilyMetadata("queue_length", MetricType.GAUGE, "Jobs waiting.", "", 1_000);
        FamilyMetadata newer = new FamilyMetadata("queue_length", MetricType.GAUGE, "Jobs waiting to run.", "", 2_000);
        FamilyMetadata onlyOnOne = new FamilyMetadata("jobs_done", MetricType.COUNTER, "", "", 1_500);
        ReplicatedWriter everyReplica = new ReplicatedWriter(nodes.placement(), node -> NodeWriter.of(nodes.client(node)),
                Consistency.ALL, Duration.ofSeconds(10), executor);
        assertThat(everyReplica.write("raw", Map.of(), List.of(old)).acknowledged()).isTrue();
        List<PlacementNode> replicas = nodes.placement().replicas(newer.shard(SHARDS));
        // As if the newer entry reached one replica before the coordinator lost the others.
        nodes.client(replicas.get(1)).writeMetadata(List.of(newer));
        nodes.client(replicas.get(2)).writeMetadata(List.of(onlyOnOne));

        List<MetricMetadata> merged = region(Consistency.ALL).metadata();

        assertThat(merged).containsExactly(MetadataMapping.fromStorage(onlyOnOne), MetadataMapping.fromStorage(newer));
        assertThat(nodes.client(replicas.get(0)).metadata()).containsExactly(old);
    }
}
