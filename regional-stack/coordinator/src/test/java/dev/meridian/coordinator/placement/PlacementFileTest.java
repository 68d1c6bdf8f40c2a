package dev.meridian.coordinator.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlacementFileTest {
    @TempDir
    Path dir;

    private static final String SMALL = """
            shards: 3
            replicationFactor: 2
            nodes:
              - id: a
                address: 127.0.0.1:9101
              - id: b
                address: 127.0.0.1:9102
              - id: c
                address: 127.0.0.1:9103
            replicas:
              - [a, b]
              - [b, c]
              - [c, a]
            """;

    @Test
    void writtenFilesReadBackAsTheSamePlacement() throws IOException {
        Placement placement = Placement.balanced(PlacementTest.nodes(5), 64, 3);
        Path file = dir.resolve("placement.yaml");

        PlacementFile.write(placement, file);

        assertThat(PlacementFile.read(file)).isEqualTo(placement);
        assertThat(Files.readString(file)).contains("shards: 64\n", "replicationFactor: 3\n", "  - id: node-1\n",
                "    address: 127.0.0.1:9101\n", "  - [node-1, node-2, node-3]  # shard 0\n", "  - [node-5, node-1, node-2]  # shard 63\n");
    }

    @Test
    void readsTheDocumentedForm() throws IOException {
        Placement p = PlacementFile.read(write(SMALL));

        assertThat(p.shards()).isEqualTo(3);
        assertThat(p.replicas(2)).extracting(PlacementNode::id).containsExactly("c", "a");
        assertThat(p.nodes().get(1).address()).isEqualTo("127.0.0.1:9102");
    }

    /** Each row edits the small valid file: replace FROM by TO (\n for a newline), expect MESSAGE. */
    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
        "- [c, a]|''|there are 3 shards but replicas for 2",
        "- [b, c]|- [b]|shard 1 has 1 replicas; the replication factor is 2",
        "- [c, a]|- [c, x]|shard 2 names the unknown node x",
        "- [c, a]|- [c, c]|shard 2 names node c twice",
        "address: 127.0.0.1:9102|address: 127.0.0.1|nodes[1]: node b: address must be host:port (got: \"127.0.0.1\")",
        "shards: 3|shards: three|shards: expected an integer (got: \"three\")",
        "shards: 3|shards: 3\\ncolour: red|colour: unknown key; expected one of [nodes, replicas, replicationFactor, shards]",
        "- id: b|- id: b\\n    port: 1|nodes[1].port: unknown key; expected one of [address, id]",
        "replicationFactor: 2|''|replicationFactor: missing",
        "- [a, b]|- a|replicas[0]: expected a list of node ids (got: \"a\")",
    })
    void invalidFilesNameTheKeyAndTheProblem(String from, String to, String message) throws IOException {
        Path file = write(SMALL.replace(from, to.replace("\\n", "\n")));

        assertThatThrownBy(() -> PlacementFile.read(file))
                .isInstanceOf(PlacementException.class)
                .hasMessage(file + ": " + message);
    }

    @Test
    void unreadableAndMalformedFilesAreNamed() throws IOException {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> PlacementFile.read(missing)).isInstanceOf(PlacementException.class)
                .hasMessageStartingWith(missing + ": cannot read the file");
        Path broken = write("shards: [1,\n");
        assertThatThrownBy(() -> PlacementFile.read(broken)).isInstanceOf(PlacementException.class)
                .hasMessageContaining("not valid YAML: line");
        Path duplicate = write("shards: 3\nshards: 4\n");
        assertThatThrownBy(() -> PlacementFile.read(duplicate)).isInstanceOf(PlacementException.class)
                .hasMessageContaining("Duplicate field 'shards'");
        Path list = write("- 1\n");
        assertThatThrownBy(() -> PlacementFile.read(list)).isInstanceOf(PlacementException.class)
                .hasMessageContaining("expected a mapping");
    }

    private Path write(String text) throws IOException {
        Path file = Files.createTempFile(dir, "placement", ".yaml");
        Files.writeString(file, text);
        return file;
    }
}
