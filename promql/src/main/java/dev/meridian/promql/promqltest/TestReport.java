package dev.meridian.promql.promqltest;

import java.util.ArrayList;
import java.util.List;

/** Counts of passed and failed evaluations, with every failure. */
public record TestReport(int passed, int failed, List<TestFailure> failures) {
    public TestReport {
        failures = List.copyOf(failures);
    }

    public static TestReport empty() {
        return new TestReport(0, 0, List.of());
    }

    public TestReport plus(TestReport other) {
        List<TestFailure> all = new ArrayList<>(failures);
        all.addAll(other.failures);
        return new TestReport(passed + other.passed, failed + other.failed, all);
    }

    /** The summary line: {@code promqltest: N passed, M failed}. */
    public String summary() {
        return "promqltest: " + passed + " passed, " + failed + " failed";
    }
}
