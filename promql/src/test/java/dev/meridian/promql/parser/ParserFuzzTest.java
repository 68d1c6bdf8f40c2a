package dev.meridian.promql.parser;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer fuzz targets for the three parser entry points; each input is UTF-8 text (as queries
 * arrive over HTTP) and must keep {@link ParserContract}: nothing but {@link ParseException} is
 * thrown, and what parses is well typed and prints back to itself.
 *
 * <p><b>Normal test runs</b> ({@code ./mvnw verify}, no {@code JAZZER_FUZZ} in the environment)
 * do not fuzz: each target runs once per file of its seed corpus,
 * {@code src/test/resources/dev/meridian/promql/parser/ParserFuzzTestInputs/<method>/}, which holds
 * the expressions of the bundled promqltest files, hand-picked tricky inputs (see
 * {@link ParserSeedCorpus}) and minimized findings of earlier fuzzing runs.
 *
 * <p><b>To fuzz one target for N minutes</b> (one target per run; from the repository root):
 *
 * <pre>
 * JAZZER_FUZZ=1 ./mvnw -pl promql test -Dtest='ParserFuzzTest#parse' -Djazzer.max_duration=Nm
 * </pre>
 *
 * Use {@code #parseSelector} or {@code #seriesDescription} for the other targets. Without
 * {@code -Djazzer.max_duration} a run stops after the 5 minutes set on the annotations. Inputs that
 * reach new code are kept in {@code promql/.cifuzz-corpus/} (git-ignored; delete it to start over),
 * so a second run continues where the first stopped. The first failing input stops the run and
 * fails it; it is written to the target's inputs directory as {@code crash-<sha1>}, where the
 * normal test run replays it from then on. Minimize it and give it a descriptive name before
 * committing it. With {@code -Djazzer.keep_going=K} the run goes on until K distinct findings (by
 * stack trace) and passes; the findings are then only in its output and the {@code crash-*} files.
 * libFuzzer may also leave {@code slow-unit-*} files there: slow inputs, not failures.
 */
class ParserFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void parse(byte[] input) {
        ParserContract.checkParse(new String(input, StandardCharsets.UTF_8));
    }

    @FuzzTest(maxDuration = "5m")
    void parseSelector(byte[] input) {
        ParserContract.checkParseSelector(new String(input, StandardCharsets.UTF_8));
    }

    @FuzzTest(maxDuration = "5m")
    void seriesDescription(byte[] input) {
        ParserContract.checkSeriesDescription(new String(input, StandardCharsets.UTF_8));
    }
}
