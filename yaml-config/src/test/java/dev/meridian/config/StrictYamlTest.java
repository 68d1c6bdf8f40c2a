package dev.meridian.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrictYamlTest {
    @TempDir
    Path dir;

    /** The exception a config reader would make: names the key and the problem. */
    static final class ConfigProblem extends RuntimeException {
        ConfigProblem(String key, String problem, Throwable cause) {
            super((key == null ? "" : key + ": ") + problem, cause);
        }
    }

    private StrictYaml read(String text) throws IOException {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, text);
        return StrictYaml.readMapping(file, "expected a mapping", ConfigProblem::new);
    }

    @Test
    void typedValuesAndDefaults() throws IOException {
        StrictYaml yaml = read("server: {port: 9090}\ntimeout: 1m30s\nlimit: 7\nname: eu\n");
        JsonNode root = yaml.root();
        JsonNode server = yaml.optionalMapping(null, root, "server", Set.of("host", "port"), "expected a mapping");

        assertThat(yaml.port("server", server, "port", 1)).isEqualTo(9090);
        assertThat(yaml.text("server", server, "host", "127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(yaml.duration(null, root, "timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(90));
        assertThat(yaml.positive(null, root, "limit", 1, 10)).isEqualTo(7);
        assertThat(yaml.text(null, root, "name", "x")).isEqualTo("eu");
        assertThat(yaml.optionalMapping(null, root, "absent", Set.of(), "expected a mapping")).isNull();
    }

    @Test
    void problemsNameTheKeyPath() throws IOException {
        StrictYaml yaml = read("server: {port: 70000, colour: red}\ntimeout: soon\nlimit: 0\n");
        JsonNode root = yaml.root();

        assertThatThrownBy(() -> yaml.optionalMapping(null, root, "server", Set.of("host", "port"), "expected a mapping"))
                .hasMessage("server.colour: unknown key; expected one of [host, port]");
        assertThatThrownBy(() -> yaml.port("server", root.get("server"), "port", 1))
                .hasMessage("server.port: expected a port 0-65535 (got: 70000)");
        assertThatThrownBy(() -> yaml.duration(null, root, "timeout", Duration.ZERO))
                .hasMessage("timeout: expected a duration such as 10s or 1m (got: \"soon\")");
        assertThatThrownBy(() -> yaml.positive(null, root, "limit", 1, 10))
                .hasMessage("limit: expected a whole number from 1 to 10 (got: 0)");
    }

    @Test
    void repeatedKeysAndNonMappingsAreRefused() throws IOException {
        assertThatThrownBy(() -> read("a: 1\na: 2\n")).hasMessageContaining("not valid YAML").hasMessageContaining("a");
        assertThatThrownBy(() -> read("- 1\n")).hasMessage("expected a mapping");
    }
}
