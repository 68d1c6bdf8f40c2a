package dev.meridian.promql.promqltest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import org.junit.jupiter.api.Test;

/** Prometheus' own PromQL test files (v2.42), on the in-memory storage. */
class PromqlConformanceTest {
    @Test
    void allPrometheus242EvalsPass() {
        PromqlTestRunner runner = new PromqlTestRunner(new Engine(EngineConfig.defaults()), InMemoryTestStorage::new);
        TestReport report = ConformanceSuite.run(runner, ConformanceSuite.prometheus242());
        System.out.println(report.summary());
        report.failures().forEach(f -> System.out.println("  " + f));
        assertThat(report.failed()).as(report.summary()).isZero();
        assertThat(report.passed()).isEqualTo(566);
    }
}
