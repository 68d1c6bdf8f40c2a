package dev.meridian.storage.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.grpc.GrpcClients;
import dev.meridian.proto.node.StorageNodeGrpc;
import dev.meridian.proto.node.WriteMetadataRequest;
import dev.meridian.storage.metadata.FamilyMetadata;
import dev.meridian.storage.metadata.MetadataStore;
import dev.meridian.storage.metadata.MetricType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WriteMetadata and Metadata RPCs of a real server on a loopback ephemeral port (over {@link
 * FakeStorage}, which metadata does not touch), through {@link StorageNodeClient} and, for requests
 * the client would never send, a raw gRPC stub.
 */
class StorageNodeMetadataIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    private final FakeStorage storage = new FakeStorage("raw");
    private StorageNodeServer server;
    private StorageNodeClient client;

    private void start() {
        server = StorageNodeServer.start(NodeConfig.builder(dataDir)
                .server(ServerConfig.defaults().withAddress("127.0.0.1", 0))
                .build(), storage);
        client = StorageNodeClient.connect("127.0.0.1", server.port(), TIMEOUT);
    }

    private void stop() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @AfterEach
    void cleanUp() {
        stop();
    }

    @Test
    void keepsTheNewestEntryPerFamilyAndListsThemByFamily() {
        start();
        FamilyMetadata upOld = new FamilyMetadata("up", MetricType.GAUGE, "old", "", 1_000);
        FamilyMetadata upNew = new FamilyMetadata("up", MetricType.GAUGE, "1 if the target is up", "", 2_000);
        FamilyMetadata requests = new FamilyMetadata("http_requests", MetricType.COUNTER, "Requests served.", "", 1_500);
        FamilyMetadata latency = new FamilyMetadata("http_latency", MetricType.HISTOGRAM, "", "seconds", 1_500);

        assertThat(client.metadata()).isEmpty();
        client.writeMetadata(List.of(upNew, requests));
        client.writeMetadata(List.of(upOld, latency)); // upOld arrives late and loses

        assertThat(client.metadata()).containsExactly(latency, requests, upNew);
    }

    @Test
    void aCleanRestartKeepsTheMetadata() {
        start();
        List<FamilyMetadata> written = List.of(
                new FamilyMetadata("go_goroutines", MetricType.GAUGE, "Number of goroutines that currently exist.", "", 10),
                new FamilyMetadata("rpc_duration", MetricType.SUMMARY, "RPC latency — p50/p99.", "seconds", 20));
        client.writeMetadata(written);

        stop();
        assertThat(dataDir.resolve(MetadataStore.FILE_NAME)).exists();
        start();

        assertThat(client.metadata()).containsExactlyElementsOf(written);
    }

    @Test
    void invalidEntriesFailTheWholeCallWithInvalidArgumentNamingTheEntry() {
        start();
        try (ClientFactory factory = ClientFactory.builder().build()) {
            StorageNodeGrpc.StorageNodeBlockingStub raw = GrpcClients.builder("http://127.0.0.1:" + server.port())
                    .factory(factory)
                    .responseTimeout(TIMEOUT)
                    .build(StorageNodeGrpc.StorageNodeBlockingStub.class);
            dev.meridian.proto.node.FamilyMetadata good = dev.meridian.proto.node.FamilyMetadata.newBuilder()
                    .setFamily("up").setType(dev.meridian.proto.node.MetricType.GAUGE).setReceivedMs(1).build();

            assertInvalid(raw, good, good.toBuilder().setFamily("1up").build(),
                    "metadata[1] (family \"1up\"): invalid metric family name \"1up\": must match [a-zA-Z_:][a-zA-Z0-9_:]*");
            assertInvalid(raw, good, good.toBuilder().setFamily("").build(),
                    "metadata[1] (family \"\"): metric family name is empty");
            assertInvalid(raw, good, good.toBuilder().setFamily("odd").setTypeValue(42).build(),
                    "metadata[1] (family \"odd\"): unknown metric type number 42 (expected 0-7)");
            assertInvalid(raw, good, good.toBuilder().setFamily("early").setReceivedMs(-5).build(),
                    "metadata[1] (family \"early\"): metadata of \"early\": receivedMs must not be negative (got: -5)");
        }
        assertThat(client.metadata()).as("nothing of a refused request is kept").isEmpty();
    }

    private static void assertInvalid(StorageNodeGrpc.StorageNodeBlockingStub raw, dev.meridian.proto.node.FamilyMetadata good,
            dev.meridian.proto.node.FamilyMetadata bad, String reason) {
        WriteMetadataRequest request = WriteMetadataRequest.newBuilder().addMetadata(good).addMetadata(bad).build();
        assertThatThrownBy(() -> raw.writeMetadata(request))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).isEqualTo(reason);
                });
    }
}
