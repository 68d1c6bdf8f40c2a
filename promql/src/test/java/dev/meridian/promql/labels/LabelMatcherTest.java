package dev.meridian.promql.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabelMatcherTest {
    @Test
    void missingLabelsMatchAsEmpty() {
        Labels series = Labels.of("__name__", "up");
        assertThat(LabelMatcher.of(MatchType.EQUAL, "job", "").matches(series)).isTrue();
        assertThat(LabelMatcher.of(MatchType.NOT_EQUAL, "job", "").matches(series)).isFalse();
        assertThat(LabelMatcher.of(MatchType.REGEX, "job", ".*").matchesEmpty()).isTrue();
        assertThat(LabelMatcher.of(MatchType.REGEX, "job", ".+").matchesEmpty()).isFalse();
    }

    @Test
    void regexesAreAnchoredAndUseRe2Syntax() {
        LabelMatcher m = LabelMatcher.of(MatchType.REGEX, "path", "/api|/v1");
        assertThat(m.matches("/api")).isTrue();
        assertThat(m.matches("/api/x")).isFalse();
        assertThat(m.matches("x/v1")).isFalse();
        assertThat(LabelMatcher.of(MatchType.NOT_REGEX, "a", "b.*").matches("bcd")).isFalse();
        // Like Go, '.' does not match a newline.
        assertThat(LabelMatcher.of(MatchType.REGEX, "a", ".*").matches("x\ny")).isFalse();
        assertThat(LabelMatcher.of(MatchType.REGEX, "a", "(?P<name>x)").matches("x")).isTrue();
    }

    @Test
    void rejectsInvalidAndNonRe2Regexes() {
        assertThatThrownBy(() -> LabelMatcher.of(MatchType.REGEX, "a", "("))
                .hasMessageStartingWith("invalid regular expression \"(\"");
        // Lookahead is not RE2; it cannot make matching super-linear.
        assertThatThrownBy(() -> LabelMatcher.of(MatchType.REGEX, "a", "(?=x)x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void printsInPromqlForm() {
        assertThat(LabelMatcher.of(MatchType.NOT_REGEX, "job", "a\"b").toString()).isEqualTo("job!~\"a\\\"b\"");
    }
}
