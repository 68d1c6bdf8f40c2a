package dev.meridian.coordinator.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.api.ApiLimits;
import dev.meridian.coordinator.replication.Consistency;
import dev.meridian.coordinator.write.ExternalLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CoordinatorConfigTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "coordinator", ".yaml"), text);
    }

    @Test
    void readsEveryKeyAndResolvesThePlacementNextToTheFile() throws IOException {
        CoordinatorConfig config = CoordinatorConfig.load(write("""
                server:
                  host: 0.0.0.0
                  port: 9300
                placement: placement.yaml
                namespace: agg_1m
                region: eu-west
                externalLabels:
                  provider: aws
                writeConsistency: all
                writeTimeout: 1m
                readConsistency: one
                readTimeout: 5s
                query:
                  maxSeries: 1000
                  maxSamples: 2000000
                  maxRange: 7d
                  timeout: 30s
                  maxConcurrency: 4
                tracing:
                  otlpEndpoint: http://collector:4318
                """));

        assertThat(config).isEqualTo(new CoordinatorConfig("0.0.0.0", 9300, dir.toAbsolutePath().resolve("placement.yaml"), "agg_1m",
                "eu-west", ExternalLabels.of(Map.of("region", "eu-west", "provider", "aws")), Consistency.ALL, Duration.ofMinutes(1),
                Consistency.ONE, Duration.ofSeconds(5), new ApiLimits(1000, 2_000_000, Duration.ofDays(7), Duration.ofSeconds(30)), 4,
                Optional.of("http://collector:4318")));
    }

    @Test
    void defaults() throws IOException {
        CoordinatorConfig config = CoordinatorConfig.load(write("placement: /etc/meridian/placement.yaml\nregion: r1\n"));

        assertThat(config).isEqualTo(new CoordinatorConfig("127.0.0.1", 9201, Path.of("/etc/meridian/placement.yaml"), "raw",
                "r1", ExternalLabels.of(Map.of("region", "r1")), Consistency.MAJORITY, Duration.ofSeconds(10), Consistency.MAJORITY,
                Duration.ofSeconds(30), ApiLimits.DEFAULT, CoordinatorConfig.DEFAULT_QUERY_CONCURRENCY, Optional.empty()));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "namespace: raw\\nregion: r|placement: missing: the placement file (meridian placement init writes one)",
        "placement: p.yaml|region: missing: the region's name, added as region=\"<name>\" to every series",
        "placement: p.yaml\\nregion: eu west|region: expected letters, digits, '_', '.' or '-', starting with a letter or digit (got: \"eu west\")",
        "placement: p.yaml\\nregion: r\\nexternalLabels:\\n  region: x|externalLabels.region: set by the region key; remove it here",
        "placement: p.yaml\\nregion: r\\nexternalLabels:\\n  __x: y|externalLabels: invalid external label name \"__x\": names starting with __ are reserved",
        "placement: p.yaml\\nregion: r\\nexternalLabels: [a]|externalLabels: expected a mapping of label names to values",
        "placement: p.yaml\\nregion: r\\ncolour: red|colour: unknown key; expected one of [externalLabels, namespace, placement, query, readConsistency, readTimeout, region, server, tracing, writeConsistency, writeTimeout]",
        "placement: p.yaml\\nregion: r\\nquery:\\n  maxSeries: 0|query.maxSeries: expected a whole number from 1 to 2147483647 (got: 0)",
        "placement: p.yaml\\nregion: r\\nquery:\\n  maxSamples: lots|query.maxSamples: expected a whole number from 1 to 9223372036854775807 (got: \"lots\")",
        "placement: p.yaml\\nregion: r\\nquery:\\n  timeout: forever|query.timeout: expected a duration such as 10s or 1m (got: \"forever\")",
        "placement: p.yaml\\nregion: r\\nquery:\\n  maxRows: 5|query.maxRows: unknown key; expected one of [maxConcurrency, maxRange, maxSamples, maxSeries, timeout]",
        "placement: p.yaml\\nregion: r\\nwriteConsistency: quorum|writeConsistency: consistency must be one, majority or all (got: \"quorum\")",
        "placement: p.yaml\\nregion: r\\nreadConsistency: two|readConsistency: consistency must be one, majority or all (got: \"two\")",
        "placement: p.yaml\\nregion: r\\nwriteTimeout: soon|writeTimeout: expected a duration such as 10s or 1m (got: \"soon\")",
        "placement: p.yaml\\nregion: r\\nreadTimeout: 0s|readTimeout: must be more than 0",
        "placement: p.yaml\\nregion: r\\nserver:\\n  port: 70000|server.port: expected a port 0-65535 (got: 70000)",
        "placement: p.yaml\\nregion: r\\nserver:\\n  tls: true|server.tls: unknown key; expected one of [host, port]",
        "placement: 7\\nregion: r|placement: expected a non-empty string (got: 7)",
        "placement: p.yaml\\nregion: r\\ntracing:\\n  otlpEndpoint: collector:4318|tracing.otlpEndpoint: expected an http(s) URL with a host, e.g. http://collector:4318 (got: \"collector:4318\")",
        "placement: p.yaml\\nregion: r\\ntracing:\\n  otlpEndpoint: udp://collector:4317|tracing.otlpEndpoint: expected an http(s) URL with a host, e.g. http://collector:4318 (got: \"udp://collector:4317\")",
        "placement: p.yaml\\nregion: r\\ntracing:\\n  otlpEndpoint: \"\"|tracing.otlpEndpoint: expected a non-empty string (got: \"\")",
        "placement: p.yaml\\nregion: r\\ntracing:\\n  endpoint: http://collector:4318|tracing.endpoint: unknown key; expected one of [otlpEndpoint]",
        "placement: p.yaml\\nregion: r\\ntracing: http://collector:4318|tracing: expected a mapping with otlpEndpoint",
    })
    void invalidFilesNameTheKey(String text, String message) throws IOException {
        Path file = write(text.replace("\\n", "\n") + "\n");

        assertThatThrownBy(() -> CoordinatorConfig.load(file)).isInstanceOf(CoordinatorConfigException.class)
                .hasMessage(file + ": " + message);
    }

    @Test
    void unreadableFilesAreNamed() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> CoordinatorConfig.load(missing)).hasMessageStartingWith(missing + ": cannot read the file");
    }
}
