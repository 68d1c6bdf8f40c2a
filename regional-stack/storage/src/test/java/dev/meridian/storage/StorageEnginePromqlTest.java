package dev.meridian.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.promqltest.ConformanceSuite;
import dev.meridian.promql.promqltest.PromqlTestRunner;
import dev.meridian.promql.promqltest.TestReport;
import org.junit.jupiter.api.Test;

/** Prometheus' own PromQL conformance files, run on the storage engine instead of in-memory series. */
class StorageEnginePromqlTest {
    @Test
    void allPrometheus242EvalsPassOnTheStorageEngine() {
        PromqlTestRunner runner = new PromqlTestRunner(new Engine(EngineConfig.defaults()), EngineTestStorage::new);
        TestReport report = ConformanceSuite.run(runner, ConformanceSuite.prometheus242());
        System.out.println("storage engine " + report.summary());
        report.failures().forEach(f -> System.out.println("  " + f));
        assertThat(report.failed()).as(report.summary()).isZero();
        assertThat(report.passed()).isEqualTo(566);
        // The data really went through flushes and compactions, not just the head.
        System.out.println("blocks=" + EngineTestStorage.BLOCKS + " compacted=" + EngineTestStorage.COMPACTED_BLOCKS);
        assertThat(EngineTestStorage.BLOCKS.get()).isGreaterThan(50);
        assertThat(EngineTestStorage.COMPACTED_BLOCKS.get()).isGreaterThan(20);
    }
}
