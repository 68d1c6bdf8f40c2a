package dev.meridian.coordinator.querycmp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.testing.PrometheusProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * querycmp between real Prometheus 2.42 servers: one compared with itself must match on every
 * query, and one compared with a second Prometheus holding slightly different data must report
 * exactly the series that differ.
 */
class QueryCmpPrometheusIT {
    private static final long T0 = 1_700_000_000L;
    private static final long SCRAPE = 15;
    private static final int SAMPLES = 241; // one hour

    /** Diverse queries: selectors, rates, aggregations, functions, scalars, strings, NaN, Inf and errors. */
    private static final List<String> QUERIES = List.of(
            "up",
            "up{job=\"api\"}",
            "node_load1",
            "rate(http_requests_total[5m])",
            "irate(http_requests_total[1m])",
            "increase(http_requests_total[10m])",
            "sum by (job) (rate(http_requests_total[5m]))",
            "sum without (code) (rate(http_requests_total[5m]))",
            "avg(node_load1)",
            "max by (instance) (node_load1)",
            "count(up)",
            "topk(2, node_load1)",
            "avg_over_time(node_load1[10m])",
            "quantile_over_time(0.9, node_load1[10m])",
            "stddev(node_load1)",
            "deriv(node_load1[5m])",
            "delta(node_load1[5m])",
            "abs(node_load1 - 1.5)",
            "label_replace(up, \"host\", \"$1\", \"instance\", \"(.*)\")",
            "rate(http_requests_total{code=\"500\"}[5m]) / rate(http_requests_total{code=\"200\"}[5m])",
            "node_load1 / 0",
            "(node_load1 - node_load1) / (node_load1 - node_load1)",
            "-node_load1 / 0",
            "scalar(sum(up))",
            "1 + 1",
            "time()",
            "vector(1)",
            "\"a string\"",
            "up == 0",
            "absent(nonexistent_metric)",
            "sum(",
            "rate(up)");

    @TempDir
    static Path work;

    private static PrometheusProcess reference;
    private static PrometheusProcess changed;

    @BeforeAll
    static void startPrometheus() throws Exception {
        reference = PrometheusProcess.start(work.resolve("reference"), openMetrics(false));
        changed = PrometheusProcess.start(work.resolve("changed"), openMetrics(true));
    }

    @AfterAll
    static void stopPrometheus() {
        if (reference != null) {
            reference.close();
        }
        if (changed != null) {
            changed.close();
        }
    }

    @Test
    void prometheusComparedWithItselfMatchesEveryQuery() throws Exception {
        Run run = run(reference, reference);

        assertThat(run.output()).isEqualTo("matched=" + 2 * QUERIES.size() + " total=" + 2 * QUERIES.size() + "\n");
        assertThat(run.report().allMatched()).isTrue();
    }

    @Test
    void answersOfTheReferenceHaveData() throws Exception {
        // The comparison above means something only if the queries found the backfilled data.
        PrometheusClient client = new PrometheusClient(reference.url(), QueryCmpSettings.DEFAULT_TIMEOUT);
        QueryResponse up = client.instant("up", (T0 + 50 * 60) * 1000).get();
        QueryResponse rates = client.range("rate(http_requests_total[5m])", (T0 + 600) * 1000, (T0 + 3000) * 1000, 60_000).get();
        QueryResponse error = client.instant("sum(", (T0 + 50 * 60) * 1000).get();

        assertThat(up).isInstanceOfSatisfying(QueryResponse.Samples.class,
                s -> assertThat(s.series()).hasSize(3));
        assertThat(rates).isInstanceOfSatisfying(QueryResponse.Samples.class, s -> {
            assertThat(s.type()).isEqualTo(ResultType.MATRIX);
            assertThat(s.series()).hasSize(2).allSatisfy(series -> assertThat(series.points()).hasSize(41));
        });
        assertThat(error).isInstanceOfSatisfying(QueryResponse.ApiError.class,
                e -> assertThat(e.errorType()).isEqualTo("bad_data"));
    }

    @Test
    void prometheusWithDifferentDataIsReported() throws Exception {
        Run run = run(reference, changed);
        List<String> lines = run.output().lines().toList();

        assertThat(run.report().allMatched()).isFalse();
        assertThat(lines).contains(
                "MISMATCH instant query=\"up\": series up{instance=\"c\", job=\"db\"}: 1 of 1 points differ:"
                        + " @1700003000.000 reference=1 target=0",
                "MISMATCH instant query=\"scalar(sum(up))\": series {}: 1 of 1 points differ: @1700003000.000 reference=3 target=2");
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .startsWith("MISMATCH range query=\"up\": series up{instance=\"c\", job=\"db\"}: 21 of 41 points differ:"
                        + " @1700001800.000 reference=1 target=0"));
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .startsWith("MISMATCH instant query=\"node_load1\": series only on target: node_load1{instance=\"d\"}"));
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .startsWith("MISMATCH instant query=\"up == 0\": series only on target: up{instance=\"c\", job=\"db\"}"));
        // Queries that do not touch the changed series still match.
        assertThat(lines).noneMatch(line -> line.contains("query=\"rate(http_requests_total[5m])\""))
                .noneMatch(line -> line.contains("query=\"sum(\""));
        assertThat(lines.get(lines.size() - 1)).matches("matched=\\d+ total=" + 2 * QUERIES.size());
    }

    private record Run(String output, QueryCmpReport report) {}

    private static Run run(PrometheusProcess reference, PrometheusProcess target) throws InterruptedException {
        QueryCmpSettings settings = QueryCmpSettings.builder()
                .reference(reference.url().toString())
                .target(target.url().toString())
                .queries(QUERIES)
                .start(Long.toString(T0 + 10 * 60))
                .end("2023-11-14T23:03:20Z") // T0 + 50m, as RFC 3339
                .step("1m")
                .build();
        StringWriter out = new StringWriter();
        QueryCmpReport report = new QueryCmp(settings).run(new PrintWriter(out));
        return new Run(out.toString(), report);
    }

    /**
     * One hour of 15s samples from T0: {@code up} of three targets, two request counters, the load of
     * three instances. {@code changed}: instance c is down from T0 + 30m on, and a fourth
     * instance d reports its load.
     */
    private static String openMetrics(boolean changed) {
        StringBuilder out = new StringBuilder();
        out.append("# TYPE up gauge\n");
        for (int i = 0; i < SAMPLES; i++) {
            long t = T0 + i * SCRAPE;
            out.append("up{job=\"api\",instance=\"a\"} 1 ").append(t).append('\n');
            out.append("up{job=\"api\",instance=\"b\"} 1 ").append(t).append('\n');
            out.append("up{job=\"db\",instance=\"c\"} ").append(changed && t >= T0 + 1800 ? 0 : 1).append(' ').append(t).append('\n');
        }
        out.append("# TYPE http_requests counter\n");
        for (int i = 0; i < SAMPLES; i++) {
            long t = T0 + i * SCRAPE;
            out.append("http_requests_total{job=\"api\",instance=\"a\",code=\"200\"} ").append(i * 3 + i % 5).append(' ').append(t).append('\n');
            out.append("http_requests_total{job=\"api\",instance=\"a\",code=\"500\"} ").append(1 + i / 7).append(' ').append(t).append('\n');
        }
        out.append("# TYPE node_load1 gauge\n");
        String[] instances = changed ? new String[] {"a", "b", "c", "d"} : new String[] {"a", "b", "c"};
        for (int i = 0; i < SAMPLES; i++) {
            long t = T0 + i * SCRAPE;
            for (int k = 0; k < instances.length; k++) {
                out.append("node_load1{instance=\"").append(instances[k]).append("\"} ")
                        .append(1 + ((i * (k + 3)) % 17) / 10.0).append(' ').append(t).append('\n');
            }
        }
        return out.append("# EOF\n").toString();
    }
}
