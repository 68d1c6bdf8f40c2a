package dev.meridian.benchmarks.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EngineBenchTest {
    @Test
    void includePatternSelectsExactlyTheChosenBenchmarks() {
        Pattern pattern = Pattern.compile(EngineBench.includePattern(List.of(EngineQuery.RATE, EngineQuery.SUM_BY)));
        String prefix = BenchmarkEngine.class.getName() + ".";

        assertThat(pattern.matcher(prefix + "rate").find()).isTrue();
        assertThat(pattern.matcher(prefix + "sumBy").find()).isTrue();
        assertThat(pattern.matcher(prefix + "subquery").find()).isFalse();
        assertThat(pattern.matcher(prefix + "rateOther").find()).isFalse();
        assertThat(pattern.matcher("other." + prefix + "rate").find()).isFalse();
    }

    @Test
    void runsEveryShapeInProcessAndReportsItsSamplesPerSecond() throws Exception {
        // One host (50 series) × 40 samples, one short iteration per shape, no fork: checks that
        // JMH finds the benchmarks and that the scores reach the report, not how fast they are.
        EngineBenchConfig config = new EngineBenchConfig(50, 40, 0, 1, 0, Duration.ofMillis(100),
                List.of(EngineQuery.values()));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        EngineBenchReport report = new EngineBench(config, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

        assertThat(report.figures()).extracting(EngineBenchReport.QueryFigures::query)
                .containsExactly(EngineQuery.values());
        for (EngineBenchReport.QueryFigures f : report.figures()) {
            assertThat(f.queriesPerSecond()).as(f.query().shape()).isPositive();
            assertThat(f.samplesPerSecond()).as(f.query().shape()).isPositive();
        }
        // Samples per query are exact: every sample of the selected series, once (the query's 21
        // steps of 30s reach past the last of the 40 samples of 15s).
        assertThat(report.figures().get(EngineQuery.RATE.ordinal()).samplesPerQuery()).isEqualTo(20 * 40);
        assertThat(report.figures().get(EngineQuery.BINARY_ON.ordinal()).samplesPerQuery()).isEqualTo(21 * 40);
        assertThat(report.figures().get(EngineQuery.HISTOGRAM_QUANTILE.ordinal()).samplesPerQuery()).isEqualTo(11 * 40);
        assertThat(report.machine().cpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(report.lines()).contains("engine.dataset.series=50", "engine.rate.samples_per_query=800")
                .allMatch(line -> line.matches("engine\\.[a-z_.]+=\\S.*"));
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("BenchmarkEngine.rate");
    }
}
