package dev.meridian.benchmarks.engine;

import java.util.Arrays;
import java.util.List;

/**
 * The query shapes {@link BenchmarkEngine} measures, each a range query over the whole generated
 * dataset at a {@link #STEP_MILLIS} step. Each names the {@code @Benchmark} method that runs it.
 */
public enum EngineQuery {
    /** A dashboard's traffic panel: aggregation over a rate. */
    SUM_BY("sum_by", "sumBy", "sum by (job, code) (rate(http_requests_total[5m]))"),
    /** The rate of every counter series: range-window evaluation and a large result. */
    RATE("rate", "rate", "rate(http_requests_total[5m])"),
    /** Request rates annotated with the build version: many-to-one matching on an info metric. */
    BINARY_ON("binary_on", "binaryOn",
            "rate(http_requests_total[5m]) * on (job, instance) group_left (version) http_build_info"),
    /** p99 latency per service from classic histogram buckets. */
    HISTOGRAM_QUANTILE("histogram_quantile", "histogramQuantile",
            "histogram_quantile(0.99, sum by (le, job) (rate(http_request_duration_seconds_bucket[5m])))"),
    /** The peak 5m rate in the last 30 minutes: an inner range query at a 1m resolution. */
    SUBQUERY("subquery", "subquery", "max_over_time(rate(http_requests_total[5m])[30m:1m])");

    /** The step of every range query, 30 seconds. */
    public static final long STEP_MILLIS = 30_000;

    private final String shape;
    private final String benchmarkMethod;
    private final String promql;

    EngineQuery(String shape, String benchmarkMethod, String promql) {
        this.shape = shape;
        this.benchmarkMethod = benchmarkMethod;
        this.promql = promql;
    }

    /** The name in {@code meridian bench engine} output, e.g. {@code sum_by}. */
    public String shape() {
        return shape;
    }

    /** The {@link BenchmarkEngine} method that runs this query. */
    public String benchmarkMethod() {
        return benchmarkMethod;
    }

    public String promql() {
        return promql;
    }

    /** The query whose {@link #shape()} is {@code shape}. */
    public static EngineQuery ofShape(String shape) {
        for (EngineQuery query : values()) {
            if (query.shape.equals(shape)) {
                return query;
            }
        }
        throw new IllegalArgumentException("unknown query shape '" + shape + "' (expected one of: "
                + String.join(", ", shapes()) + ")");
    }

    /** Every shape name, in declaration order. */
    public static List<String> shapes() {
        return Arrays.stream(values()).map(EngineQuery::shape).toList();
    }
}
