package dev.meridian.coordinator.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import dev.meridian.coordinator.StorageNodes;
import dev.meridian.coordinator.placement.PlacementFile;
import dev.meridian.coordinator.write.RemoteWriteDecoder;
import dev.meridian.proto.remote.Label;
import dev.meridian.proto.remote.MetricMetadata;
import dev.meridian.proto.remote.Sample;
import dev.meridian.proto.remote.TimeSeries;
import dev.meridian.proto.remote.WriteRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/** A write coordinator started from its config and placement files, in front of three real storage nodes. */
class CoordinatorIT {
    @TempDir
    Path dir;

    /** Writes the nodes' placement file and a coordinator config naming it, as an operator would, and loads the config. */
    private CoordinatorConfig configFiles(StorageNodes nodes) throws Exception {
        PlacementFile.write(nodes.placement(), dir.resolve("placement.yaml"));
        Path file = Files.writeString(dir.resolve("coordinator.yaml"), """
                server:
                  port: 0
                placement: placement.yaml
                region: test
                """);
        return CoordinatorConfig.load(file);
    }

    @Test
    void storesRemoteWritesOnEveryReplicaFromItsConfigFiles() throws Exception {
        try (StorageNodes nodes = new StorageNodes(dir.resolve("nodes"), 3, 64, 3)) {
            CoordinatorConfig config = configFiles(nodes);
            try (Coordinator coordinator = Coordinator.start(config, PlacementFile.read(config.placement()), CoordinatorRole.WRITE)) {
                WebClient http = WebClient.of("http://127.0.0.1:" + coordinator.port());
                byte[] body = WriteRequest.newBuilder().addTimeseries(TimeSeries.newBuilder()
                        .addLabels(Label.newBuilder().setName("__name__").setValue("up"))
                        .addLabels(Label.newBuilder().setName("job").setValue("api"))
                        .addSamples(Sample.newBuilder().setTimestamp(System.currentTimeMillis()).setValue(1))).build().toByteArray();
                RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, "/api/v1/write")
                        .contentType(MediaType.parse("application/x-protobuf"))
                        .set("Content-Encoding", "snappy")
                        .set(RemoteWriteDecoder.VERSION_HEADER, "0.1.0")
                        .build();

                assertThat(http.execute(HttpRequest.of(headers, HttpData.wrap(Snappy.compress(body)))).aggregate().join().status().code())
                        .isEqualTo(204);
                assertThat(http.get("/-/healthy").aggregate().join().status().code()).isEqualTo(200);
                // Majority acknowledged it; the third replica finishes in the background.
                for (int node = 0; node < 3; node++) {
                    long deadline = System.nanoTime() + 5_000_000_000L;
                    while (nodes.engine(node).namespace("raw").head().seriesCount() == 0 && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    assertThat(nodes.engine(node).namespace("raw").head().seriesCount()).as("node-%d", node + 1).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void bothRolesServeWhatWasWrittenWithTheRegionLabelAndItsMetadata() throws Exception {
        try (StorageNodes nodes = new StorageNodes(dir.resolve("nodes"), 3, 64, 3)) {
            CoordinatorConfig config = configFiles(nodes);
            try (Coordinator both = Coordinator.start(config, PlacementFile.read(config.placement()), CoordinatorRole.BOTH);
                    Coordinator writeOnly = Coordinator.start(config, PlacementFile.read(config.placement()), CoordinatorRole.WRITE)) {
                WebClient http = WebClient.of(both.queryUrl());
                long t = System.currentTimeMillis();
                byte[] body = WriteRequest.newBuilder()
                        .addTimeseries(TimeSeries.newBuilder()
                                .addLabels(Label.newBuilder().setName("__name__").setValue("up"))
                                .addLabels(Label.newBuilder().setName("job").setValue("api"))
                                .addSamples(Sample.newBuilder().setTimestamp(t).setValue(1)))
                        .addMetadata(MetricMetadata.newBuilder().setMetricFamilyName("up")
                                .setType(MetricMetadata.MetricType.GAUGE).setHelp("1 if the target is up"))
                        .build().toByteArray();
                RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, "/api/v1/write")
                        .contentType(MediaType.parse("application/x-protobuf"))
                        .set("Content-Encoding", "snappy")
                        .set(RemoteWriteDecoder.VERSION_HEADER, "0.1.0")
                        .build();
                assertThat(http.execute(HttpRequest.of(headers, HttpData.wrap(Snappy.compress(body)))).aggregate().join().status().code())
                        .isEqualTo(204);

                String query = http.get("/api/v1/query?query=up&time=" + t / 1000.0).aggregate().join().contentUtf8();
                assertThat(query).contains("\"metric\":{\"__name__\":\"up\",\"job\":\"api\",\"region\":\"test\"}");
                String metadata = http.get("/api/v1/metadata").aggregate().join().contentUtf8();
                assertThat(metadata).contains("\"up\":[{\"type\":\"gauge\",\"help\":\"1 if the target is up\",\"unit\":\"\"}]");
                // remote read is mounted: an empty body is refused by it, not unknown to the server
                assertThat(http.post("/api/v1/read", HttpData.empty()).aggregate().join().status().code()).isEqualTo(400);
                // a write-only coordinator serves no queries
                assertThat(WebClient.of(writeOnly.queryUrl()).get("/api/v1/query?query=up").aggregate().join().status().code())
                        .isEqualTo(404);
            }
        }
    }
}
