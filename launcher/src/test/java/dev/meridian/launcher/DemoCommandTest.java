package dev.meridian.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void regionsServeTheWorkloadWithTheirRegionLabelAndKeepItAcrossARestart() throws Exception {
        Path data = dir.resolve("data");
        String[] args = {"demo", "--regions", "2", "--hosts", "1", "--base-port", "0", "--data-dir", data.toString()};
        long sampleTime;
        try (MeridianProcess demo = MeridianProcess.start(dir.resolve("demo-1.log"), List.of("-Xmx1g"), args)) {
            URI euWest = URI.create(demo.await("region.eu-west.query_url", Duration.ofSeconds(60)));
            URI usEast = URI.create(demo.await("region.us-east.query_url", Duration.ofSeconds(10)));
            assertThat(demo.await("region.eu-west.write_url", Duration.ofSeconds(1))).endsWith("/api/v1/write");
            assertThat(demo.await("region.eu-west.workload_series", Duration.ofSeconds(1))).isEqualTo("330");

            // The first scrape round is sent within one 10 s interval; a query may see part of a
            // write (its shards are stored independently), so wait for the whole round.
            JsonNode eu = awaitResult(euWest, "count by (region) ({job=\"node\"}) == 330", Duration.ofSeconds(40));
            assertThat(eu.get(0).at("/metric/region").asText()).isEqualTo("eu-west");
            JsonNode us = awaitResult(usEast, "count by (region) ({job=\"node\"}) == 330", Duration.ofSeconds(40));
            assertThat(us.get(0).at("/metric/region").asText()).isEqualTo("us-east");
            sampleTime = (long) (awaitResult(euWest, "timestamp(node_boot_time_seconds)", Duration.ofSeconds(1)).get(0)
                    .at("/value/1").asDouble() * 1000);

            // 143: the JVM's status after SIGTERM once its shutdown hooks finished
            assertThat(demo.stop(Duration.ofSeconds(60))).as("exit code after SIGTERM").isEqualTo(143);
        }
        // a clean stop snapshots every node's head, so the restart need not replay the commit log
        for (String region : List.of("eu-west", "us-east")) {
            for (int node = 1; node <= 3; node++) {
                assertThat(data.resolve(region).resolve("node-" + node).resolve("data/raw/head/snapshot")).exists();
            }
        }

        try (MeridianProcess demo = MeridianProcess.start(dir.resolve("demo-2.log"), List.of("-Xmx1g"), args)) {
            URI euWest = URI.create(demo.await("region.eu-west.query_url", Duration.ofSeconds(60)));
            String atFirstRun = "count(node_boot_time_seconds @ " + sampleTime / 1000.0 + ")";
            JsonNode kept = awaitResult(euWest, atFirstRun, Duration.ofSeconds(30));
            assertThat(kept.get(0).at("/value/1").asText()).as("series of the first run at %d", sampleTime).isEqualTo("1");
            assertThat(demo.stop(Duration.ofSeconds(60))).isEqualTo(143);
        }
    }

    @Test
    void refusesAReplicationFactorLargerThanTheRegion() {
        CommandRun run = CommandRun.of("demo", "--nodes-per-region", "2", "--replication-factor", "3", "--data-dir",
                dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--replication-factor must be between 1 and --nodes-per-region (2) (got: 3)");
    }

    /** Polls an instant query until it returns a non-empty vector, then returns its result array. */
    private static JsonNode awaitResult(URI base, String query, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (true) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create(base + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200) {
                JsonNode result = JSON.readTree(response.body()).at("/data/result");
                if (result.size() > 0) {
                    return result;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no result for " + query + " within " + timeout + "; last answer: " + last);
            }
            Thread.sleep(500);
        }
    }
}
