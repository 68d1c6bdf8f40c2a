package dev.meridian.promql.ast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.parser.Parser;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ExprPrettifier} against what Prometheus 2.42's {@code /api/v1/format_query} answered for
 * the same queries (recorded from the Debian package's 2.42.0; the coordinator's
 * PrometheusApiComparisonIT asks a live 2.42 as well).
 */
class ExprPrettifierTest {
    static Stream<Arguments> answersOf242() {
        return Stream.of(
                Arguments.of("Inf", "+Inf"),
                Arguments.of("-Inf", "-Inf"),
                Arguments.of("1e-7", "1e-07"),
                Arguments.of("0x10", "16"),
                Arguments.of("-(1)", "-(1)"),
                Arguments.of("- 1", "-1"),
                Arguments.of("-foo", "-foo"),
                Arguments.of("a * ignoring() group_left() b", "a * b"),
                Arguments.of("a * on() b", "a * on () b"),
                Arguments.of("a * ignoring(x) group_right(y, z) b", "a * ignoring (x) group_right (y, z) b"),
                Arguments.of("vector(1) + on() group_left() vector(2)", "vector(1) + on () group_left () vector(2)"),
                Arguments.of("a > bool 1", "a > bool 1"),
                Arguments.of("sum(x) by (a) ", "sum by (a) (x)"),
                Arguments.of("{__name__=\"up\",job=\"x\"}", "{__name__=\"up\",job=\"x\"}"),
                Arguments.of("a{b=\"c\"}[5m] @ start()", "a{b=\"c\"}[5m] @ start()"),
                Arguments.of("x @ 100.5 offset 1h30m", "x @ 100.500 offset 1h30m"),
                Arguments.of("x offset -5m", "x offset -5m"),
                Arguments.of("rate(x[90s])", "rate(x[1m30s])"),
                Arguments.of("x[14d]", "x[2w]"),
                Arguments.of("\"str\u00e9\\n\"", "\"str\u00e9\\n\""),
                Arguments.of(
                        "sum by(job) (rate(http_requests_total{job=\"api\",code=~\"5..\"}[5m])) / on(job) group_left"
                                + " sum by(job) (rate(http_requests_total{job=\"api\"}[5m]))",
                        "  sum by (job) (rate(http_requests_total{code=~\"5..\",job=\"api\"}[5m]))\n"
                                + "/ on (job) group_left ()\n"
                                + "  sum by (job) (rate(http_requests_total{job=\"api\"}[5m]))"),
                Arguments.of(
                        "histogram_quantile(0.9, sum by(le, job, instance, handler) (rate("
                                + "prometheus_http_request_duration_seconds_bucket{job=\"prometheus\"}[5m])))",
                        "histogram_quantile(\n  0.9,\n  sum by (le, job, instance, handler) (\n"
                                + "    rate(prometheus_http_request_duration_seconds_bucket{job=\"prometheus\"}[5m])\n  )\n)"),
                Arguments.of(
                        "topk(5, sum without(instance, pod, container, namespace, node) (rate("
                                + "container_cpu_usage_seconds_total{image!=\"\"}[10m] offset 1h)))",
                        "topk(\n  5,\n  sum without (instance, pod, container, namespace, node) (\n"
                                + "    rate(container_cpu_usage_seconds_total{image!=\"\"}[10m] offset 1h)\n  )\n)"),
                Arguments.of(
                        "label_replace(up{job=\"api-server-with-a-very-long-name\",instance=\"some-host-name-that-is-long:9090\"},"
                                + " \"foo\", \"$1\", \"instance\", \"(.*):.*\")",
                        "label_replace(\n  up{instance=\"some-host-name-that-is-long:9090\",job=\"api-server-with-a-very-long-name\"},\n"
                                + "  \"foo\",\n  \"$1\",\n  \"instance\",\n  \"(.*):.*\"\n)"),
                Arguments.of(
                        "-sum(rate(http_requests_total{job=\"api-server-with-a-very-long-name\","
                                + "instance=\"some-host-name-that-is-long:9090\"}[5m]))",
                        "-sum(\n  rate(\n    http_requests_total{instance=\"some-host-name-that-is-long:9090\","
                                + "job=\"api-server-with-a-very-long-name\"}[5m]\n  )\n)"),
                Arguments.of(
                        "max_over_time(rate(http_requests_total{job=\"api-server-with-a-very-long-name\","
                                + "instance=\"some-host-name-that-is-long\"}[5m])[1h:1m] @ 1700000000 offset 5m)",
                        "max_over_time(\n  rate(\n    http_requests_total{instance=\"some-host-name-that-is-long\","
                                + "job=\"api-server-with-a-very-long-name\"}[5m]\n  )[1h:1m] @ 1700000000.000 offset 5m\n)"),
                Arguments.of(
                        "(((http_requests_total{job=\"api-server-with-a-very-long-name\","
                                + "instance=\"some-host-name-that-is-long:9090\"} + 1)))",
                        "(\n  (\n    (\n        http_requests_total{instance=\"some-host-name-that-is-long:9090\","
                                + "job=\"api-server-with-a-very-long-name\"}\n      +\n        1\n    )\n  )\n)"),
                Arguments.of(
                        "up{job=\"api-server-with-a-very-long-name\",instance=\"some-host-name-that-is-long:9090\","
                                + "zone=\"europe-west-1\"}",
                        "up{instance=\"some-host-name-that-is-long:9090\",job=\"api-server-with-a-very-long-name\","
                                + "zone=\"europe-west-1\"}"),
                Arguments.of(
                        "sum(rate(aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa[5m]))"
                                + " > bool 100000000000",
                        "  sum(rate(aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa[5m]))\n"
                                + "> bool\n  1e+11"));
    }

    @ParameterizedTest
    @MethodSource("answersOf242")
    void printsWhatPrometheus242Prints(String query, String expected) {
        assertThat(ExprPrettifier.pretty(Parser.parse(query))).isEqualTo(expected);
    }

    @Test
    void splitsOnlyPastOneHundredBytes() {
        String hundred = "abs(" + "x".repeat(95) + ")";
        assertThat(ExprPrettifier.pretty(Parser.parse(hundred))).isEqualTo(hundred);
        // 101 bytes: the call is split, its argument one level deeper.
        assertThat(ExprPrettifier.pretty(Parser.parse("abs(" + "x".repeat(96) + ")")))
                .isEqualTo("abs(\n  " + "x".repeat(96) + "\n)");
    }
}
