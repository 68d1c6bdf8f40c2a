package dev.meridian.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoCommandTest {
    @Test
    void tourRunsEveryQueryOnASmallFleet() {
        CommandRun run = CommandRun.of("demo", "--hosts", "4", "--hours", "1");

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out())
                .startsWith("meridian demo: 4 hosts (200 series) × 240 samples every 15s")
                .contains("# Requests per second by service")
                .contains("# 99th percentile latency by service")
                .contains("group_left (version)")
                .contains("[range: last hour, step 10m]")
                .doesNotContain("error");
        // Every tour query has data on the generated fleet.
        assertThat(run.out()).doesNotContain("(no data)");
    }

    @Test
    void runsGivenQueriesAndReportsBadOnes() {
        CommandRun run = CommandRun.of("demo", "--hosts", "2", "--hours", "1",
                "--query", "count(node_load1)", "--query", "sum(", "--query", "no_such_metric");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .contains("count(node_load1)\n  {} => 2 @[")
                .contains("sum(\n  error (PARSE_ERROR): 1:5: parse error: unclosed left parenthesis")
                .contains("no_such_metric\n  (no data)");
    }
}
