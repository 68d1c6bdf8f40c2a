package dev.meridian.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.value.RangeSeries;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultWeigherTest {
    private static final WindowKey KEY = new WindowKey("eu", "up", 60_000, 0, 1);

    private static RangeSeries series(String job, int points) {
        return new RangeSeries(Labels.of("job", job), new long[points], new double[points]);
    }

    @Test
    void weightGrowsBy16BytesPerPoint() {
        int ten = ResultWeigher.weigh(KEY, new CachedWindow(0, 1, List.of(series("a", 10))));
        int twenty = ResultWeigher.weigh(KEY, new CachedWindow(0, 1, List.of(series("a", 20))));

        assertThat(twenty - ten).isEqualTo(160);
    }

    @Test
    void weightCountsSeriesLabelsAndTheKey() {
        int empty = ResultWeigher.weigh(KEY, new CachedWindow(0, 1, List.of()));
        int one = ResultWeigher.weigh(KEY, new CachedWindow(0, 1, List.of(series("a", 0))));
        int longerExpr = ResultWeigher.weigh(new WindowKey("eu", "up{job=\"api\"}", 60_000, 0, 1),
                new CachedWindow(0, 1, List.of()));

        assertThat(empty).isGreaterThan(0);
        assertThat(one - empty).isEqualTo(ResultWeigher.SERIES_OVERHEAD + ResultWeigher.LABEL_OVERHEAD
                + 2 * ResultWeigher.STRING_OVERHEAD + 2 * ("job".length() + "a".length()));
        assertThat(longerExpr - empty).isEqualTo(2 * "{job=\"api\"}".length());
    }
}
