package dev.meridian.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoordinatorCommandTest {
    @TempDir
    Path dir;

    @Test
    void badConfigAndPlacementFilesAreUsageErrorsNamingThem() throws Exception {
        Path missing = dir.resolve("missing.yaml");
        Path config = Files.writeString(dir.resolve("coordinator.yaml"), "placement: nowhere.yaml\nregion: test\n");

        CommandRun noConfig = CommandRun.of("coordinator", "--config", missing.toString());
        CommandRun noPlacement = CommandRun.of("coordinator", "--config", config.toString());

        assertThat(noConfig.exitCode()).isEqualTo(2);
        assertThat(noConfig.err()).contains(missing + ": cannot read the file");
        assertThat(noPlacement.exitCode()).isEqualTo(2);
        assertThat(noPlacement.err()).contains(dir.toAbsolutePath().resolve("nowhere.yaml") + ": cannot read the file");
    }
}
