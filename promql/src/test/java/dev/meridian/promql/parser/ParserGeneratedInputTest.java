package dev.meridian.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.parser.ParserContract.Outcome;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Deterministic generated inputs for the parser, independent of Jazzer: well-typed queries from
 * {@link PromqlGenerator} must parse and print back to themselves; the same queries broken by
 * {@link TokenMutator} may parse or not, but must keep {@link ParserContract} (nothing but
 * {@link ParseException}). Likewise for series selectors and series descriptions. Fixed seeds;
 * 28,000 inputs in all.
 */
class ParserGeneratedInputTest {
    private static final int QUERIES_PER_SEED = 2_500;
    private static final int SELECTORS_PER_SEED = 1_000;
    private static final int MAX_DEPTH = 6;

    /** Tokens the mutator inserts: PromQL's punctuation, operators, keywords and literal forms. */
    private static final List<String> VOCABULARY = List.of(
            "(", ")", "{", "}", "[", "]", ",", ":", "@", "=", "==", "!=", "=~", "!~", "<", "<=", ">", ">=", "+", "-",
            "*", "/", "%", "^", "and", "or", "unless", "atan2", "bool", "on", "ignoring", "group_left", "group_right",
            "by", "without", "offset", "sum", "topk", "count_values", "quantile", "rate", "abs", "label_join", "time",
            "start()", "end()", "5m", "1h30m", "0s", "1y", "1", "0x1F", "017", ".5", "1e3", "Inf", "NaN", "-Inf",
            "\"", "'", "`", "\"a\"", "'\\x41'", "`raw`", "\\", "\\u00e9", "#", "\n", " ", "foo", "__name__", "x5",
            "_", "stale");

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void generatedQueriesParseAndPrintBackToThemselves(long seed) {
        PromqlGenerator generator = new PromqlGenerator(new Random(seed), MAX_DEPTH);
        for (int i = 0; i < QUERIES_PER_SEED; i++) {
            String query = generator.query();
            assertThat(ParserContract.checkParse(query)).as("generated query %s", ParserContract.show(query))
                    .isEqualTo(Outcome.PARSED);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void mutatedQueriesRaiseNothingButParseErrors(long seed) {
        PromqlGenerator generator = new PromqlGenerator(new Random(seed), MAX_DEPTH);
        Map<Outcome, Integer> outcomes = run(QUERIES_PER_SEED, generator::query, seed, ParserContract::checkParse);
        assertBothOutcomes(outcomes, QUERIES_PER_SEED);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    void generatedSeriesSelectorsParse(long seed) {
        PromqlGenerator generator = new PromqlGenerator(new Random(seed), MAX_DEPTH);
        for (int i = 0; i < SELECTORS_PER_SEED; i++) {
            String selector = generator.seriesSelector();
            assertThat(ParserContract.checkParseSelector(selector)).as("generated selector %s", ParserContract.show(selector))
                    .isEqualTo(Outcome.PARSED);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    void mutatedSeriesSelectorsRaiseNothingButParseErrors(long seed) {
        PromqlGenerator generator = new PromqlGenerator(new Random(seed), MAX_DEPTH);
        Map<Outcome, Integer> outcomes =
                run(SELECTORS_PER_SEED, generator::seriesSelector, seed, ParserContract::checkParseSelector);
        assertBothOutcomes(outcomes, SELECTORS_PER_SEED);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    void generatedSeriesDescriptionsParse(long seed) {
        PromqlGenerator generator = new PromqlGenerator(new Random(seed), MAX_DEPTH);
        for (int i = 0; i < SELECTORS_PER_SEED; i++) {
            String line = generator.seriesDescription();
            assertThat(ParserContract.checkSeriesDescription(line)).as("generated series description %s", ParserContract.show(line))
                    .isEqualTo(Outcome.PARSED);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    void mutatedSeriesDescriptionsRaiseNothingButParseErrors(long seed) {
        PromqlGenerator generator = new PromqlGenerator(new Random(seed), MAX_DEPTH);
        Map<Outcome, Integer> outcomes =
                run(SELECTORS_PER_SEED, generator::seriesDescription, seed, ParserContract::checkSeriesDescription);
        assertBothOutcomes(outcomes, SELECTORS_PER_SEED);
    }

    private static Map<Outcome, Integer> run(int cases, Supplier<String> valid, long seed, Function<String, Outcome> check) {
        TokenMutator mutator = new TokenMutator(new Random(~seed), VOCABULARY);
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        for (int i = 0; i < cases; i++) {
            outcomes.merge(check.apply(mutator.mutate(valid.get())), 1, Integer::sum);
        }
        return outcomes;
    }

    /** The mutations must mostly break the input, but not always: both paths get exercised. */
    private static void assertBothOutcomes(Map<Outcome, Integer> outcomes, int cases) {
        assertThat(outcomes.getOrDefault(Outcome.REJECTED, 0)).as("rejected inputs").isGreaterThan(cases / 4);
        assertThat(outcomes.getOrDefault(Outcome.PARSED, 0)).as("inputs that still parse").isGreaterThan(cases / 50);
    }
}
