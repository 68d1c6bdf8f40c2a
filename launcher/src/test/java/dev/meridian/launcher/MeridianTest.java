package dev.meridian.launcher;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs the {@code meridian} command line in-process and checks what it prints and returns. */
class MeridianTest {

    @Test
    void helpPrintsUsageAndExitsZero() {
        Run run = run("--help");

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
        Run run = run("help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(run("--help").out());
    }

    @Test
    void versionPrintsMavenProjectVersion() {
        String projectVersion = requireNonNull(
                System.getProperty("meridian.project.version"),
                "system property meridian.project.version is null (set by surefire in launcher/pom.xml)");

        Run longOption = run("--version");
        Run shortOption = run("-V");

        assertThat(longOption.exitCode()).isZero();
        assertThat(longOption.out().strip()).isEqualTo("meridian " + projectVersion);
        assertThat(shortOption).isEqualTo(longOption);
    }

    @Test
    void unknownOptionIsUsageErrorWithExitCodeTwo() {
        Run run = run("--no-such-option");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("Unknown option: '--no-such-option'").contains("Usage: meridian ");
    }

    @Test
    void unknownSubcommandIsUsageErrorWithExitCodeTwo() {
        Run run = run("no-such-role");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no-such-role").contains("Usage: meridian ");
    }

    @Test
    void missingSubcommandIsUsageErrorWithExitCodeTwo() {
        Run run = run();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required subcommand").contains("Usage: meridian ");
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Meridian.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private record Run(int exitCode, String out, String err) {}
}
