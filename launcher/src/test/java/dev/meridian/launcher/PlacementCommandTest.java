package dev.meridian.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.coordinator.placement.Placement;
import dev.meridian.coordinator.placement.PlacementFile;
import dev.meridian.coordinator.placement.PlacementNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlacementCommandTest {
    @TempDir
    Path dir;

    @Test
    void initWritesABalancedPlacementThatLoads() {
        Path file = dir.resolve("placement.yaml");

        CommandRun run = CommandRun.of("placement", "init", "--nodes", "127.0.0.1:9101,127.0.0.1:9102,db-3=127.0.0.1:9103,127.0.0.1:9104",
                "--out", file.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("placement.file=" + file.toAbsolutePath() + System.lineSeparator());
        Placement placement = PlacementFile.read(file);
        assertThat(placement.shards()).isEqualTo(64);
        assertThat(placement.replicationFactor()).isEqualTo(3);
        assertThat(placement.nodes()).extracting(PlacementNode::id).containsExactly("node-1", "node-2", "db-3", "node-4");
        assertThat(placement.replicaCounts()).containsOnlyKeys("node-1", "node-2", "db-3", "node-4").allSatisfy((id, n) -> assertThat(n).isEqualTo(48));
    }

    @Test
    void withoutOutItPrintsThePlacement() {
        CommandRun run = CommandRun.of("placement", "init", "--nodes", "a:1,b:2", "--shards", "4", "--replication-factor", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("shards: 4\n", "replicationFactor: 1\n", "  - [node-2]  # shard 3\n");
    }

    @Test
    void badSettingsAreUsageErrorsNamingTheProblem() throws Exception {
        CommandRun tooFew = CommandRun.of("placement", "init", "--nodes", "a:1,b:2");
        CommandRun badAddress = CommandRun.of("placement", "init", "--nodes", "a:1,b,c:3");
        Path existing = Files.writeString(dir.resolve("p.yaml"), "x");
        CommandRun exists = CommandRun.of("placement", "init", "--nodes", "a:1,b:2,c:3", "--out", existing.toString());
        CommandRun noSubcommand = CommandRun.of("placement");

        assertThat(tooFew.exitCode()).isEqualTo(2);
        assertThat(tooFew.err()).contains("replicationFactor 3 needs at least as many nodes, but there are 2");
        assertThat(badAddress.exitCode()).isEqualTo(2);
        assertThat(badAddress.err()).contains("node node-2: address must be host:port (got: \"b\")");
        assertThat(exists.exitCode()).isEqualTo(2);
        assertThat(exists.err()).contains(existing + " exists; pass --force to replace it");
        assertThat(Files.readString(existing)).isEqualTo("x");
        assertThat(noSubcommand.exitCode()).isEqualTo(2);
        assertThat(noSubcommand.err()).contains("Missing required subcommand");
    }
}
