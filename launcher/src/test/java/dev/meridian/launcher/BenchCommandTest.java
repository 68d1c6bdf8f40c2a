package dev.meridian.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs {@code meridian bench ...} in-process and checks what it prints and returns. */
class BenchCommandTest {
    @Test
    void benchListsEngineAsASubcommand() {
        CommandRun run = run("bench", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: meridian bench [-hV] COMMAND").contains("engine");
    }

    @Test
    void benchWithoutSubcommandIsAUsageError() {
        CommandRun run = run("bench");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required subcommand").contains("Usage: meridian bench ");
    }

    @Test
    void benchEngineHelpNamesEveryOption() {
        CommandRun run = run("bench", "engine", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: meridian bench engine")
                .contains("--warmup-iterations=N", "--iterations=N", "--forks=N", "--series=N", "--samples=N",
                        "--iteration-time=DURATION", "--shapes=SHAPE")
                .contains("sum_by, rate, binary_on, histogram_quantile, subquery");
    }

    @Test
    void invalidSettingsAreUsageErrorsNamingTheValue() {
        CommandRun iterations = run("bench", "engine", "--iterations", "0");
        CommandRun shape = run("bench", "engine", "--shapes", "rate,join");
        CommandRun time = run("bench", "engine", "--iteration-time", "3 seconds");

        assertThat(iterations.exitCode()).isEqualTo(2);
        assertThat(iterations.err()).contains("iterations must be > 0 (got: 0)");
        assertThat(shape.exitCode()).isEqualTo(2);
        assertThat(shape.err()).contains("unknown query shape 'join'");
        assertThat(time.exitCode()).isEqualTo(2);
        assertThat(time.err()).contains("not a valid duration string: \"3 seconds\"");
    }

    @Test
    void benchEnginePrintsNameValueLinesForTheChosenShapes() {
        CommandRun run = run("bench", "engine", "--series", "50", "--samples", "40", "--forks", "0",
                "--warmup-iterations", "0", "--iterations", "1", "--iteration-time", "50ms", "--shapes", "rate,subquery");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).allMatch(line -> line.matches("engine\\.[a-z_.]+=\\S.*"))
                .contains("engine.dataset.series=50", "engine.dataset.samples=2000", "engine.jmh.forks=0",
                        "engine.rate.samples_per_query=800")
                .anyMatch(line -> line.startsWith("engine.rate.samples_per_sec="))
                .anyMatch(line -> line.startsWith("engine.subquery.samples_per_sec="))
                .noneMatch(line -> line.startsWith("engine.sum_by."));
    }

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }
}
