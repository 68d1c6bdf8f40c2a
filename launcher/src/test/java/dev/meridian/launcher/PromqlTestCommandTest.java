package dev.meridian.launcher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromqlTestCommandTest {
    @Test
    void runsTheBundledPrometheusFiles() {
        CommandRun run = CommandRun.of("promqltest");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("promqltest: 566 passed, 0 failed\n");
    }

    @Test
    void reportsFailuresOfFilesInADirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("mine.test"), String.join("\n",
                "load 1m",
                "  x{a=\"1\"} 1 2 3",
                "",
                "eval instant at 2m x",
                "  x{a=\"1\"} 3",
                "",
                "eval instant at 2m x * 2",
                "  {a=\"1\"} 5",
                ""), UTF_8);

        CommandRun run = CommandRun.of("promqltest", dir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .contains("FAIL " + dir.resolve("mine.test") + ":7: x * 2: expected 5 for {a=\"1\"} but got 6")
                .endsWith("promqltest: 1 passed, 1 failed\n");
    }
}
