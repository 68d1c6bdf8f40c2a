package dev.meridian.promql.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AtModifierRewriteTest {
    @Test
    void writesEachAtAsAnOffsetFromTheEvaluationTime() {
        assertThat(AtModifierRewrite.atTime("timestamp(x @ 100 offset -1m)", 1_000_000, 0, 0))
                .hasValue("timestamp(x offset 840000ms)");
        assertThat(AtModifierRewrite.atTime("rate(x[5m] offset 30s @ 1700000000.5) + y @ end()", 1_700_000_100_000L,
                1_700_000_000_000L, 1_700_000_200_000L))
                .hasValue("rate(x[5m] offset 129500ms) + y offset -100000ms");
        assertThat(AtModifierRewrite.atTime("x @ start()", 5_000, 2_000, 9_000)).hasValue("x offset 3000ms");
        assertThat(AtModifierRewrite.atTime("x[1m] @ end() + y", 9_000, 2_000, 9_000)).hasValue("x[1m]  + y");
    }

    @Test
    void leavesQueriesWithoutAtOrWithSubqueries() {
        assertThat(AtModifierRewrite.atTime("x offset 5m", 1_000, 0, 0)).isEmpty();
        assertThat(AtModifierRewrite.atTime("max_over_time(x[5m:1m] @ 100)", 1_000, 0, 0)).isEmpty();
        assertThat(AtModifierRewrite.atTime("max_over_time((x @ 100)[5m:])", 1_000, 0, 0)).isEmpty();
    }

    @Test
    void readsPromqlDurations() {
        assertThat(AtModifierRewrite.durationMillis("1h30m")).isEqualTo(5_400_000);
        assertThat(AtModifierRewrite.durationMillis("-7m13s")).isEqualTo(-433_000);
        assertThat(AtModifierRewrite.durationMillis("1500ms")).isEqualTo(1_500);
        assertThat(AtModifierRewrite.durationMillis("1y2w3d")).isEqualTo((365 + 14 + 3) * 86_400_000L);
        assertThatThrownBy(() -> AtModifierRewrite.durationMillis("5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AtModifierRewrite.durationMillis("5m x")).isInstanceOf(IllegalArgumentException.class);
    }
}
