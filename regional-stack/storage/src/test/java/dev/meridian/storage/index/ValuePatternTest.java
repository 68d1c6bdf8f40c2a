package dev.meridian.storage.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.MatchType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValuePatternTest {
    @Test
    void literalRegexesAreLookups() {
        assertThat(ValuePattern.ofRegex("api")).isEqualTo(new ValuePattern.Literals(List.of("api")));
        assertThat(ValuePattern.ofRegex("")).isEqualTo(new ValuePattern.Literals(List.of("")));
        assertThat(ValuePattern.ofRegex("api\\.v1")).isEqualTo(new ValuePattern.Literals(List.of("api.v1")));
        assertThat(ValuePattern.ofRegex("a|b|c")).isEqualTo(new ValuePattern.Literals(List.of("a", "b", "c")));
        assertThat(ValuePattern.ofRegex("(?:a|b)")).isEqualTo(new ValuePattern.Literals(List.of("a", "b")));
        assertThat(ValuePattern.ofRegex("(a|)")).isEqualTo(new ValuePattern.Literals(List.of("a", "")));
        assertThat(ValuePattern.ofRegex("a\\|b")).isEqualTo(new ValuePattern.Literals(List.of("a|b")));
    }

    @Test
    void literalPrefixThenDotStarIsARangeScan() {
        assertThat(ValuePattern.ofRegex("api-.*")).isEqualTo(new ValuePattern.Prefix("api-", false));
        assertThat(ValuePattern.ofRegex("api-.+")).isEqualTo(new ValuePattern.Prefix("api-", true));
        assertThat(ValuePattern.ofRegex(".*")).isEqualTo(new ValuePattern.Prefix("", false));
        assertThat(ValuePattern.ofRegex(".+")).isEqualTo(new ValuePattern.Prefix("", true));
        assertThat(ValuePattern.ofRegex("(?:a\\\\.*)")).isEqualTo(new ValuePattern.Prefix("a\\", false));
    }

    @Test
    void anythingElseIsAScan() {
        for (String regex : List.of("(?i)a", "[ab]", "a\\d", "a\\.*", "a\\", ".*a", "a.*|b", "(a)|(b)",
                "a{2}", "^a", "a$", "a.*?", "\\Qa\\E", "a\\n", "(?:a.*)|b")) {
            assertThat(ValuePattern.ofRegex(regex)).as(regex).isNull();
        }
    }

    /** Every shape accepts exactly what the RE2 regex matches, on strings chosen to tell them apart. */
    @Test
    void shapesAcceptWhatTheRegexMatches() {
        List<String> inputs = new ArrayList<>(IndexTestData.EQUAL_VALUES);
        inputs.addAll(List.of("api-\nx", "\n", "a\n", "api-x\n", "ApI-1", "a.b\n", "a\\", "a\\x"));
        int checked = 0;
        for (String regex : IndexTestData.REGEXES) {
            if (!IndexTestData.isValidRegex(regex)) {
                continue;
            }
            LabelMatcher matcher = LabelMatcher.of(MatchType.REGEX, "l", regex);
            ValuePattern pattern = ValuePattern.of(matcher);
            for (String input : inputs) {
                assertThat(pattern.accepts(input)).as("%s accepts %s", matcher, input).isEqualTo(matcher.matches(input));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }

    @Test
    void negatedMatchersUseThePositivePattern() {
        LabelMatcher notEqual = LabelMatcher.of(MatchType.NOT_EQUAL, "l", "a");
        LabelMatcher notRegex = LabelMatcher.of(MatchType.NOT_REGEX, "l", "a.*");
        assertThat(ValuePattern.of(notEqual)).isEqualTo(new ValuePattern.Literals(List.of("a")));
        assertThat(ValuePattern.of(notRegex)).isEqualTo(new ValuePattern.Prefix("a", false));
        assertThat(ValuePattern.scan(notRegex).accepts("ab")).isTrue();
        assertThat(ValuePattern.scan(notRegex).accepts("b")).isFalse();
    }
}
