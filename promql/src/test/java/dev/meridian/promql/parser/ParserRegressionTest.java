package dev.meridian.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.parser.ParserContract.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inputs that broke the parser's contract (only ParseException; printed forms read back the same),
 * found by ParserFuzzTest, ParserGeneratedInputTest and reading the code. One test per bug.
 */
class ParserRegressionTest {
    /** +Inf prints with its sign; before ^ the sign becomes a unary operator, and the print grows. */
    @Test
    void infinityAsLeftOperandOfPowerPrintsBackToItself() {
        assertThat(ParserContract.checkParse("Inf ^ 1")).isEqualTo(Outcome.PARSED);
    }

    /**
     * From 2^42 s on, "%.3f" of millis / 1000.0 and Math.round(seconds * 1000) disagree by 1 ms:
     * every print and parse adds a millisecond.
     */
    @Test
    void largeAtTimestampPrintsBackToItself() {
        assertThat(ParserContract.checkParse("x @ 4398046511104.021")).isEqualTo(Outcome.PARSED);
    }

    /** An unpaired surrogate prints as \\ud800, an escape the lexer rejects. */
    @ParameterizedTest
    @ValueSource(strings = {"\"\uD800\"", "foo{a=\"\uDC00\"}"})
    void unpairedSurrogatePrintsBackToItself(String query) {
        assertThat(ParserContract.checkParse(query)).isEqualTo(Outcome.PARSED);
    }

    /** SeriesDescription lets NumberFormatException out for numbers out of range and signed NaN. */
    @ParameterizedTest
    @ValueSource(strings = {"a 1e309", "a+nan", "a -nan", "a 1+nanx2", "a 1-1e400x2"})
    void seriesDescriptionNumbersRaiseParseErrors(String line) {
        assertThat(ParserContract.checkSeriesDescription(line)).isIn(Outcome.PARSED, Outcome.REJECTED);
    }

    /**
     * The deepest tree the parser accepts (Parser.MAX_DEPTH levels) must not overflow the stack,
     * whatever the JIT has compiled: parsing takes about six frames per level of nested calls.
     */
    @ParameterizedTest
    @ValueSource(strings = {"abs(", "sum(", "topk(1,", "("})
    void nestingAtTheLimitDoesNotOverflowTheStack(String opening) {
        String query = opening.repeat(Parser.MAX_DEPTH - 1) + "x" + ")".repeat(Parser.MAX_DEPTH - 1);
        for (int i = 0; i < 200; i++) {
            assertThat(ParserContract.checkParse(query)).isEqualTo(Outcome.PARSED);
        }
    }

    /** Beyond the limit: a parse error, not a stack overflow. */
    @Test
    void nestingBeyondTheLimitIsAParseError() {
        String query = "sum(".repeat(Parser.MAX_DEPTH) + "x" + ")".repeat(Parser.MAX_DEPTH);
        for (int i = 0; i < 200; i++) {
            assertThat(ParserContract.checkParse(query)).isEqualTo(Outcome.REJECTED);
        }
    }

    /** re2j recurses once per group; Go's regexp rejects nesting over 1000 ("expression nests too deeply"). */
    @Test
    void deeplyNestedRegexIsAParseError() {
        String query = "foo{a=~\"" + "(".repeat(10_000) + "a" + ")".repeat(10_000) + "\"}";
        assertThat(ParserContract.checkParse(query)).isEqualTo(Outcome.REJECTED);
        String deepButAllowed = "foo{a=~\"" + "(".repeat(1_000) + "a" + ")".repeat(1_000) + "\"}";
        assertThat(ParserContract.checkParse(deepButAllowed)).isEqualTo(Outcome.PARSED);
    }

    /** Nested counted repeats expand exponentially in RE2; Go rejects them as too large. */
    @ParameterizedTest
    @ValueSource(strings = {"((a{1000}){1000}){1000}", "(a{1000}){1000}", "a{1001}", "((a*){1000}){1000}"})
    void explodingRegexIsAParseError(String regex) {
        assertThat(ParserContract.checkParse("foo{a=~`" + regex + "`}")).isEqualTo(Outcome.REJECTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a{1000}", "(a|b){2,1000}", "[{]{3}", "x{", "\\{5}", "(?i)a{10}(?:b{10}){10}", "\\Q{999999}\\E"})
    void boundedRegexStillParses(String regex) {
        assertThat(ParserContract.checkParse("foo{a=~`" + regex + "`}")).isEqualTo(Outcome.PARSED);
    }

    /** Escapes take ASCII digits only, as Go's lexer does. */
    @ParameterizedTest
    @ValueSource(strings = {"\"\\x\u0661\u0662\"", "\"\\u\uFF21\uFF21\uFF21\uFF21\"", "\"\\1\u0662\u0663\""})
    void escapesRejectOtherScriptsDigits(String query) {
        assertThat(ParserContract.checkParse(query)).isEqualTo(Outcome.REJECTED);
    }

    @Test
    void seriesDescriptionsCannotExpandWithoutBound() {
        assertThat(ParserContract.checkSeriesDescription("foo 1x9999999 1x9999999")).isEqualTo(Outcome.REJECTED);
    }
}
