package dev.meridian.benchmarks.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.benchmarks.engine.EngineBenchReport.QueryFigures;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineBenchReportTest {
    @Test
    void printsTheDatasetTheSettingsAndEveryShapesFigures() {
        EngineBenchConfig config = new EngineBenchConfig(10_000, 720, 2, 3, 1, Duration.ofSeconds(3),
                List.of(EngineQuery.RATE, EngineQuery.SUBQUERY));
        EngineBenchReport report = new EngineBenchReport(config.dataset(), config,
                new EngineBenchReport.Machine(2, "17.0.15", 0.5, Double.NaN), List.of(
                new QueryFigures(EngineQuery.RATE, 7.5, 21_600_000.4, 123_456.7),
                new QueryFigures(EngineQuery.SUBQUERY, 4, 14_384_000, Double.NaN)));

        assertThat(report.lines()).containsExactly(
                "engine.dataset.hosts=200",
                "engine.dataset.series=10000",
                "engine.dataset.samples_per_series=720",
                "engine.dataset.samples=7200000",
                "engine.dataset.interval=15s",
                "engine.dataset.duration=3h",
                "engine.query.step=30s",
                "engine.jmh.forks=1",
                "engine.jmh.warmup_iterations=2",
                "engine.jmh.iterations=3",
                "engine.jmh.iteration_time=3s",
                "engine.machine.cpus=2",
                "engine.machine.java=17.0.15",
                "engine.machine.load_average_before=0.50",
                "engine.rate.query=rate(http_requests_total[5m])",
                "engine.rate.samples_per_query=2880000",
                "engine.rate.queries_per_sec=7.500",
                "engine.rate.samples_per_sec=21600000",
                "engine.rate.samples_per_sec_error=123457",
                "engine.subquery.query=max_over_time(rate(http_requests_total[5m])[30m:1m])",
                "engine.subquery.samples_per_query=3596000",
                "engine.subquery.queries_per_sec=4.000",
                "engine.subquery.samples_per_sec=14384000");
    }

    @Test
    void figuresNeedAPositiveQueryRate() {
        assertThatThrownBy(() -> new QueryFigures(EngineQuery.RATE, 0, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("queriesPerSecond must be > 0 (got: 0.0)");
        assertThatThrownBy(() -> new QueryFigures(EngineQuery.RATE, 1, Double.NaN, 0))
                .hasMessage("samplesPerSecond must be >= 0 (got: NaN)");
    }
}
