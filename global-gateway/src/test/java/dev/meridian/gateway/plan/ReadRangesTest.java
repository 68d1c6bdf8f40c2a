package dev.meridian.gateway.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.VectorSelector;
import dev.meridian.promql.parser.Parser;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadRangesTest {
    private static final long MIN = 60_000;
    private static final QueryRange RANGE = new QueryRange(100 * MIN, 200 * MIN, MIN);

    private static SelectorRead only(String query, QueryRange range) {
        Expr expr = Parser.parse(query);
        Map<VectorSelector, SelectorRead> reads = ReadRanges.of(expr, range, 5 * MIN);
        assertThat(reads).hasSize(1);
        return reads.values().iterator().next();
    }

    @Test
    void instantSelectorsReadTheLookbackBeforeEveryStep() {
        SelectorRead read = only("x{job=\"a\"}", RANGE);
        assertThat(read.start()).isEqualTo(95 * MIN);
        assertThat(read.end()).isEqualTo(200 * MIN);
        assertThat(read.matchers()).extracting(Object::toString).containsExactly("job=\"a\"", "__name__=\"x\"");
    }

    @Test
    void rangesAndOffsetsShiftTheWindow() {
        SelectorRead read = only("rate(x[10m] offset 1h)", RANGE);
        assertThat(read.start()).isEqualTo(30 * MIN);
        assertThat(read.end()).isEqualTo(140 * MIN);
    }

    @Test
    void atPinsTheTimeIncludingStartAndEnd() {
        assertThat(only("x @ 3000", RANGE)).extracting(SelectorRead::start, SelectorRead::end)
                .containsExactly(3_000_000L - 5 * MIN, 3_000_000L);
        assertThat(only("x @ start()", RANGE)).extracting(SelectorRead::start, SelectorRead::end)
                .containsExactly(95 * MIN, 100 * MIN);
        assertThat(only("rate(x[1m] @ end() offset 10m)", RANGE)).extracting(SelectorRead::start, SelectorRead::end)
                .containsExactly(189 * MIN, 190 * MIN);
    }

    @Test
    void subqueriesAddTheirRangeAndOffsetAndPinLikeSelectors() {
        assertThat(only("max_over_time(rate(x[5m])[1h:1m] offset 10m)", RANGE))
                .extracting(SelectorRead::start, SelectorRead::end)
                .containsExactly((100 - 10 - 60 - 5) * MIN, 190 * MIN);
        assertThat(only("max_over_time(x[30m:1m] @ 6000)", RANGE))
                .extracting(SelectorRead::start, SelectorRead::end)
                .containsExactly(6_000_000L - 30 * MIN - 5 * MIN, 6_000_000L);
    }

    @Test
    void instantQueriesReadOneWindow() {
        assertThat(only("x offset 5m", QueryRange.instant(100 * MIN)))
                .extracting(SelectorRead::start, SelectorRead::end)
                .containsExactly(90 * MIN, 95 * MIN);
    }
}
