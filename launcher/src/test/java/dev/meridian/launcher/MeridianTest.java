package dev.meridian.launcher;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs the {@code meridian} command line in-process and checks what it prints and returns. */
class MeridianTest {

    @Test
    void helpPrintsUsageAndExitsZero() {
        CommandRun run = run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .startsWith("Usage: meridian [-hV] COMMAND")
                .contains("-h, --help")
                .contains("-V, --version")
                .contains("Commands:")
                .contains("help");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void shortHelpOptionIsTheSameAsLongOne() {
        assertThat(run("-h")).isEqualTo(run("--help"));
    }

    @Test
    void helpSubcommandPrintsTheSameUsage() {
        CommandRun run = run("help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(run("--help").out());
    }

    @Test
    void versionPrintsMavenProjectVersion() {
        String projectVersion = requireNonNull(
                System.getProperty("meridian.project.version"),
                "system property meridian.project.version is null (set by surefire in launcher/pom.xml)");

        CommandRun longOption = run("--version");
        CommandRun shortOption = run("-V");

        assertThat(longOption.exitCode()).isZero();
        assertThat(longOption.out().strip()).isEqualTo("meridian " + projectVersion);
        assertThat(shortOption).isEqualTo(longOption);
    }

    @Test
    void unknownOptionIsUsageErrorWithExitCodeTwo() {
        CommandRun run = run("--no-such-option");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("Unknown option: '--no-such-option'").contains("Usage: meridian ");
    }

    @Test
    void unknownSubcommandIsUsageErrorWithExitCodeTwo() {
        CommandRun run = run("no-such-role");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no-such-role").contains("Usage: meridian ");
    }

    @Test
    void missingSubcommandIsUsageErrorWithExitCodeTwo() {
        CommandRun run = run();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required subcommand").contains("Usage: meridian ");
    }

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }
}
