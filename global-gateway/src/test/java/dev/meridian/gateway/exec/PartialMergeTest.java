package dev.meridian.gateway.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.gateway.plan.Merge;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.value.Matrix;
import dev.meridian.promql.value.RangeSeries;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartialMergeTest {
    private static final Labels API = Labels.of("job", "api");
    private static final Labels DB = Labels.of("job", "db");

    private static RangeSeries series(Labels labels, long[] ts, double... values) {
        return new RangeSeries(labels, ts, values);
    }

    private static Map<String, List<RangeSeries>> region(String role, RangeSeries... series) {
        return Map.of(role, List.of(series));
    }

    @Test
    void sumAddsTheRegionsValuesPerLabelSetAndStep() {
        Matrix merged = PartialMerge.merge(Merge.SUM, List.of(
                region("sum", series(API, new long[] {10, 20}, 1, 2), series(DB, new long[] {10}, 5)),
                region("sum", series(API, new long[] {20, 30}, 10, 20))));
        assertThat(merged.series()).containsExactly(
                series(API, new long[] {10, 20, 30}, 1, 12, 20), series(DB, new long[] {10}, 5));
    }

    @Test
    void minAndMaxSkipNaNUnlessEveryRegionHasIt() {
        List<Map<String, List<RangeSeries>>> regions = List.of(
                region("min", series(API, new long[] {1, 2}, Double.NaN, Double.NaN)),
                region("min", series(API, new long[] {1, 2}, 3, Double.NaN)),
                region("min", series(API, new long[] {1}, 7)));
        assertThat(PartialMerge.merge(Merge.MIN, regions).series().get(0))
                .isEqualTo(series(API, new long[] {1, 2}, 3, Double.NaN));
        assertThat(PartialMerge.merge(Merge.MAX, regions).series().get(0))
                .isEqualTo(series(API, new long[] {1, 2}, 7, Double.NaN));
    }

    @Test
    void groupIsOne() {
        Matrix merged = PartialMerge.merge(Merge.GROUP, List.of(region("group", series(API, new long[] {1}, 1)),
                region("group", series(API, new long[] {1, 2}, 1, 1))));
        assertThat(merged.series()).containsExactly(series(API, new long[] {1, 2}, 1, 1));
    }

    @Test
    void avgDividesTheSumOfSumsByTheSumOfCounts() {
        Matrix merged = PartialMerge.merge(Merge.AVG, List.of(
                Map.of("sum", List.of(series(API, new long[] {1}, 10)), "count", List.of(series(API, new long[] {1}, 4))),
                Map.of("sum", List.of(series(API, new long[] {1}, 2)), "count", List.of(series(API, new long[] {1}, 2)))));
        assertThat(merged.series()).containsExactly(series(API, new long[] {1}, 2));
    }

    @Test
    void stdvarAndStddevCombineCountsMeansAndVariances() {
        // Values {1, 3} in one region and {5} in another: mean 3, variance 8/3.
        List<Map<String, List<RangeSeries>>> regions = List.of(
                Map.of("count", List.of(series(API, new long[] {1}, 2)), "avg", List.of(series(API, new long[] {1}, 2)),
                        "stdvar", List.of(series(API, new long[] {1}, 1))),
                Map.of("count", List.of(series(API, new long[] {1}, 1)), "avg", List.of(series(API, new long[] {1}, 5)),
                        "stdvar", List.of(series(API, new long[] {1}, 0))));
        assertThat(PartialMerge.merge(Merge.STDVAR, regions).series().get(0).value(0)).isCloseTo(8.0 / 3,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(PartialMerge.merge(Merge.STDDEV, regions).series().get(0).value(0)).isCloseTo(Math.sqrt(8.0 / 3),
                org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void unionPutsTheRegionsSeriesSideBySideSorted() {
        Labels eu = Labels.of("region", "eu");
        Labels us = Labels.of("region", "us");
        Matrix merged = PartialMerge.merge(Merge.UNION, List.of(region("union", series(us, new long[] {1}, 1)),
                region("union", series(eu, new long[] {1}, 2))));
        assertThat(merged.series()).extracting(RangeSeries::labels).containsExactly(eu, us);
    }

    @Test
    void noRegionsNoSeries() {
        assertThat(PartialMerge.merge(Merge.SUM, List.of()).series()).isEmpty();
    }
}
