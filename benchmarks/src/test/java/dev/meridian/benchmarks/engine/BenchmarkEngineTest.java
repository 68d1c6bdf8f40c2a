package dev.meridian.benchmarks.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.workload.DatasetSpec;
import dev.meridian.promql.engine.QueryResult;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.value.Matrix;
import dev.meridian.promql.value.RangeSeries;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * Runs every benchmark once on a tiny fleet (3 hosts, 60 samples: 15 minutes) so that the
 * benchmarks keep working; checks results and sample counts, never timings.
 */
class BenchmarkEngineTest {
    private static final int HOSTS = 3;
    private static final int SAMPLES = 60;
    /** 15 minutes at 30s steps: 0s, 30s, ..., 900s. */
    private static final int STEPS = 31;

    private final BenchmarkEngine benchmark = new BenchmarkEngine();
    private final BenchmarkEngine.SamplesRead counter = new BenchmarkEngine.SamplesRead();

    @BeforeEach
    void generate() {
        benchmark.hosts = HOSTS;
        benchmark.samples = SAMPLES;
        benchmark.generate();
        counter.reset();
    }

    @Test
    void sumByAggregatesTheRequestRatesPerJobAndCode() {
        Matrix result = run(benchmark.sumBy(counter));

        // 3 hosts run 3 different services; every service answers with all 5 codes.
        assertThat(result.series()).hasSize(3 * 5);
        for (RangeSeries s : result.series()) {
            assertThat(names(s.labels())).containsExactly("code", "job");
            // The first step sees one sample per series, too few for a rate.
            assertThat(s.size()).isEqualTo(STEPS - 1);
        }
        assertAllFiniteAndNotNegative(result);
        assertThat(counter.samplesRead).isEqualTo(HOSTS * 20 * SAMPLES);
    }

    @Test
    void rateHasOneSeriesPerCounter() {
        Matrix result = run(benchmark.rate(counter));

        assertThat(result.series()).hasSize(HOSTS * 20);
        for (RangeSeries s : result.series()) {
            assertThat(names(s.labels())).containsExactly("code", "instance", "job", "method");
            // The first step sees one sample, too few for a rate.
            assertThat(s.size()).isEqualTo(STEPS - 1);
        }
        assertAllFiniteAndNotNegative(result);
        // Some series serve at least 20 requests/s: 0.9 × 0.7 × the smallest base rate.
        assertThat(max(result)).isGreaterThan(10);
        assertThat(counter.samplesRead).isEqualTo(HOSTS * 20 * SAMPLES);
    }

    @Test
    void binaryOnAddsTheVersionToEveryRateAndKeepsItsValue() {
        Matrix joined = run(benchmark.binaryOn(counter));
        Matrix rates = run(benchmark.rate(new BenchmarkEngine.SamplesRead()));

        assertThat(joined.series()).hasSize(rates.series().size());
        for (int i = 0; i < joined.series().size(); i++) {
            RangeSeries withVersion = joined.series().get(i);
            RangeSeries rate = rates.series().get(i);
            assertThat(withVersion.labels().get("version")).isNotEmpty();
            assertSameLabels(withVersion.labels().toBuilder().remove("version").build(), rate.labels());
            assertThat(withVersion.size()).isEqualTo(rate.size());
            for (int j = 0; j < rate.size(); j++) {
                assertThat(withVersion.timestamp(j)).isEqualTo(rate.timestamp(j));
                assertThat(withVersion.value(j)).isEqualTo(rate.value(j));
            }
        }
        // http_requests_total and http_build_info.
        assertThat(counter.samplesRead).isEqualTo(HOSTS * (20 + 1) * SAMPLES);
    }

    @Test
    void histogramQuantileGivesAP99PerJobWithinTheBuckets() {
        Matrix result = run(benchmark.histogramQuantile(counter));

        assertThat(result.series()).hasSize(3);
        for (RangeSeries s : result.series()) {
            assertThat(names(s.labels())).containsExactly("job");
            assertThat(s.size()).isEqualTo(STEPS - 1);
            for (int i = 0; i < s.size(); i++) {
                // Between the lowest bucket's lower end and the highest finite bound.
                assertThat(s.value(i)).isGreaterThan(0).isLessThanOrEqualTo(5);
            }
        }
        assertThat(counter.samplesRead).isEqualTo(HOSTS * 11 * SAMPLES);
    }

    @Test
    void subqueryGivesTheHighestRateOfTheLastHalfHourPerCounter() {
        Matrix result = run(benchmark.subquery(counter));
        Matrix rates = run(benchmark.rate(new BenchmarkEngine.SamplesRead()));

        assertThat(result.series()).hasSize(HOSTS * 20);
        for (int i = 0; i < result.series().size(); i++) {
            assertSameLabels(result.series().get(i).labels(), rates.series().get(i).labels());
        }
        assertAllFiniteAndNotNegative(result);
        assertThat(max(result)).isGreaterThan(10);
        // Only storage samples count (the subquery's own points do not); the inner rate steps every
        // whole minute, so the at most three 15s samples after the last whole minute are not read.
        assertThat(counter.samplesRead).isBetween((long) HOSTS * 20 * (SAMPLES - 3), (long) HOSTS * 20 * SAMPLES);
    }

    @Test
    void everyQueryShapeHasItsOwnBenchmarkMethod() throws Exception {
        Set<String> benchmarkMethods = new TreeSet<>();
        for (Method method : BenchmarkEngine.class.getDeclaredMethods()) {
            if (method.isAnnotationPresent(Benchmark.class)) {
                benchmarkMethods.add(method.getName());
            }
        }
        Set<String> named = new TreeSet<>();
        for (EngineQuery query : EngineQuery.values()) {
            named.add(query.benchmarkMethod());
        }

        assertThat(benchmarkMethods).isEqualTo(named).hasSize(EngineQuery.values().length);
    }

    @Test
    void queriesEndAtTheFirstStepThatSeesTheLastSample() {
        DatasetSpec defaults = DatasetSpec.defaults();
        DatasetSpec odd = new DatasetSpec(1, 21, 15_000, DatasetSpec.DEFAULT_START_MILLIS, 1);

        assertThat(BenchmarkEngine.queryEnd(defaults)).isEqualTo(defaults.startMillis() + 3 * 3600 * 1000L);
        assertThat(BenchmarkEngine.queryEnd(odd)).isEqualTo(odd.endMillis()).isEqualTo(odd.startMillis() + 300_000);
    }

    private Matrix run(QueryResult result) {
        assertThat(result.warnings()).isEmpty();
        assertThat(result.value()).isInstanceOf(Matrix.class);
        Matrix matrix = (Matrix) result.value();
        assertThat(matrix.series()).isNotEmpty();
        return matrix;
    }

    /** Labels is both Iterable and Comparable, which makes a plain assertThat ambiguous. */
    private static void assertSameLabels(Labels actual, Labels expected) {
        assertThat((Object) actual).isEqualTo(expected);
    }

    private static List<String> names(Labels labels) {
        String[] names = new String[labels.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = labels.name(i);
        }
        return Arrays.asList(names);
    }

    private static void assertAllFiniteAndNotNegative(Matrix matrix) {
        for (RangeSeries s : matrix.series()) {
            for (int i = 0; i < s.size(); i++) {
                assertThat(s.value(i)).as("%s at %d", s.labels(), s.timestamp(i)).isFinite().isNotNegative();
            }
        }
    }

    private static double max(Matrix matrix) {
        double max = Double.NEGATIVE_INFINITY;
        for (RangeSeries s : matrix.series()) {
            max = Math.max(max, max(s));
        }
        return max;
    }

    private static double max(RangeSeries s) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < s.size(); i++) {
            max = Math.max(max, s.value(i));
        }
        return max;
    }
}
