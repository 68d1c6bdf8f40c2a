package dev.meridian.benchmarks.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineBenchConfigTest {
    @Test
    void defaultsRunEveryShapeOnTenThousandSeriesOfThreeHours() {
        EngineBenchConfig config = EngineBenchConfig.defaults();

        assertThat(config.queries()).containsExactly(EngineQuery.values());
        assertThat(config.dataset().seriesCount()).isEqualTo(10_000);
        assertThat(config.dataset().samplesPerSeries()).isEqualTo(720);
        assertThat(config.forks()).isEqualTo(1);
    }

    @Test
    void queriesRunOnceEachInDeclarationOrder() {
        EngineBenchConfig config = config(List.of(EngineQuery.SUBQUERY, EngineQuery.RATE, EngineQuery.SUBQUERY));

        assertThat(config.queries()).containsExactly(EngineQuery.RATE, EngineQuery.SUBQUERY);
    }

    @Test
    void rejectsSettingsThatCannotRun() {
        assertThatThrownBy(() -> new EngineBenchConfig(0, 720, 1, 1, 1, Duration.ofSeconds(1), List.of(EngineQuery.RATE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("series must be > 0 (got: 0)");
        assertThatThrownBy(() -> new EngineBenchConfig(1, 720, -1, 1, 1, Duration.ofSeconds(1), List.of(EngineQuery.RATE)))
                .hasMessage("warmupIterations must be >= 0 (got: -1)");
        assertThatThrownBy(() -> new EngineBenchConfig(1, 720, 1, 0, 1, Duration.ofSeconds(1), List.of(EngineQuery.RATE)))
                .hasMessage("iterations must be > 0 (got: 0)");
        assertThatThrownBy(() -> new EngineBenchConfig(1, 720, 1, 1, -1, Duration.ofSeconds(1), List.of(EngineQuery.RATE)))
                .hasMessage("forks must be >= 0 (got: -1)");
        assertThatThrownBy(() -> new EngineBenchConfig(1, 720, 1, 1, 1, Duration.ZERO, List.of(EngineQuery.RATE)))
                .hasMessage("iterationTime must be at least 1ms (got: 0s)");
        assertThatThrownBy(() -> config(List.of()))
                .hasMessage("queries must not be empty (expected some of: sum_by, rate, binary_on, histogram_quantile, subquery)");
        assertThatThrownBy(() -> config(null)).hasMessage("queries is null");
    }

    @Test
    void shapesAreLookedUpByName() {
        assertThat(EngineQuery.ofShape("binary_on")).isEqualTo(EngineQuery.BINARY_ON);
        assertThatThrownBy(() -> EngineQuery.ofShape("join"))
                .hasMessage("unknown query shape 'join' (expected one of: sum_by, rate, binary_on, histogram_quantile, subquery)");
    }

    private static EngineBenchConfig config(List<EngineQuery> queries) {
        return new EngineBenchConfig(100, 10, 0, 1, 0, Duration.ofMillis(10), queries);
    }
}
