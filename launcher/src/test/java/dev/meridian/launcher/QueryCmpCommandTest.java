package dev.meridian.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code meridian querycmp} in-process with bad settings: each is a usage error naming the value. */
class QueryCmpCommandTest {
    @TempDir
    Path dir;

    @Test
    void helpNamesEveryOption() {
        CommandRun run = CommandRun.of("querycmp", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: meridian querycmp")
                .contains("--reference=URL", "--target=URL", "--queries=FILE", "--start=TIME", "--end=TIME",
                        "--step=STEP", "--tolerance=REL", "--absolute-tolerance=ABS", "--ignore-label=NAME",
                        "--timeout=DURATION");
    }

    @Test
    void anUnreadableQueriesFileIsAUsageError() {
        Path missing = dir.resolve("missing.txt");

        CommandRun run = querycmp("--queries", missing.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("cannot read queries file " + missing).contains("Usage: meridian querycmp");
    }

    @Test
    void aQueriesFileWithoutQueriesIsAUsageError() throws IOException {
        Path comments = Files.writeString(dir.resolve("comments.txt"), "# nothing\n\n");

        CommandRun run = querycmp("--queries", comments.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("queries file " + comments + " holds no query");
    }

    @Test
    void badSettingsAreUsageErrorsNamingTheValue() throws IOException {
        assertUsageError(querycmp("--start", "yesterday"), "invalid start: not a time: \"yesterday\"");
        assertUsageError(querycmp("--end", "2023-13-40T00:00:00Z"), "invalid end: not a time: \"2023-13-40T00:00:00Z\"");
        assertUsageError(querycmp("--reference", "127.0.0.1:9090"), "invalid reference URL \"127.0.0.1:9090\"");
        assertUsageError(querycmp("--target", "ftp://host"), "invalid target URL \"ftp://host\"");
        assertUsageError(querycmp("--start", "1700000100", "--end", "1700000000"),
                "start must not be after end (got: start 1700000100.000, end 1700000000.000)");
        assertUsageError(querycmp("--step", "0"), "step must be > 0 (got: 0.000s)");
        assertUsageError(querycmp("--step", "-15"), "step must be > 0 (got: -15.000s)");
        assertUsageError(querycmp("--step", "fast"), "invalid step: not a duration: \"fast\"");
        assertUsageError(querycmp("--tolerance", "-1"), "tolerance must be a finite number >= 0 (got: -1.0)");
        assertUsageError(querycmp("--ignore-label", "region name"),
                "invalid ignore-label \"region name\": expected a label name matching [a-zA-Z_][a-zA-Z0-9_]*");
    }

    private static void assertUsageError(CommandRun run, String message) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(message).contains("Usage: meridian querycmp");
        assertThat(run.out()).isEmpty();
    }

    /** querycmp with valid settings, {@code overrides} replacing some of them. */
    private CommandRun querycmp(String... overrides) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--reference", "http://127.0.0.1:9");
        options.put("--target", "http://127.0.0.1:9");
        try {
            options.put("--queries", Files.writeString(dir.resolve("queries.txt"), "up\n").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        options.put("--start", "1700000000");
        options.put("--end", "1700000060");
        options.put("--step", "15s");
        for (int i = 0; i < overrides.length; i += 2) {
            options.put(overrides[i], overrides[i + 1]);
        }
        List<String> args = new ArrayList<>(List.of("querycmp"));
        options.forEach((name, value) -> args.add(name + "=" + value));
        return CommandRun.of(args.toArray(String[]::new));
    }
}
