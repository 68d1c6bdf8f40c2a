package dev.meridian.coordinator.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.coordinator.replication.Consistency;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
                writeConsistency: all
                writeTimeout: 1m
                """));

        assertThat(config).isEqualTo(new CoordinatorConfig("0.0.0.0", 9300, dir.toAbsolutePath().resolve("placement.yaml"), "agg_1m",
                Consistency.ALL, Duration.ofMinutes(1)));
    }

    @Test
    void defaults() throws IOException {
        CoordinatorConfig config = CoordinatorConfig.load(write("placement: /etc/meridian/placement.yaml\n"));

        assertThat(config).isEqualTo(new CoordinatorConfig("127.0.0.1", 9201, Path.of("/etc/meridian/placement.yaml"), "raw",
                Consistency.MAJORITY, Duration.ofSeconds(10)));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "namespace: raw|placement: missing: the placement file (meridian placement init writes one)",
        "placement: p.yaml\\ncolour: red|colour: unknown key; expected one of [namespace, placement, server, writeConsistency, writeTimeout]",
        "placement: p.yaml\\nwriteConsistency: quorum|writeConsistency: consistency must be one, majority or all (got: \"quorum\")",
        "placement: p.yaml\\nwriteTimeout: soon|writeTimeout: expected a duration such as 10s or 1m (got: \"soon\")",
        "placement: p.yaml\\nserver:\\n  port: 70000|server.port: expected a port 0-65535 (got: 70000)",
        "placement: p.yaml\\nserver:\\n  tls: true|server.tls: unknown key; expected one of [host, port]",
        "placement: 7|placement: expected a non-empty string (got: 7)",
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
