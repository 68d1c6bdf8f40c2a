package dev.meridian.launcher;

import dev.meridian.promql.PromqlException;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.engine.QueryResult;
import dev.meridian.promql.storage.memory.InMemoryStorage;
import dev.meridian.promql.syntax.Durations;
import dev.meridian.promql.value.Matrix;
import dev.meridian.promql.value.TextFormat;
import dev.meridian.workload.DatasetSpec;
import dev.meridian.workload.ServiceMetricsGenerator;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meridian demo}: Meridian's PromQL engine over a generated fleet of services and node
 * exporters held in memory, the last hours up to now. Runs a tour of queries, or the queries given
 * with {@code --query}, and prints their results.
 */
@Command(
        name = "demo",
        description = {
            "Evaluate PromQL (Prometheus 2.42 semantics) over a generated fleet of HTTP services and node exporters.",
            "Without --query, runs a tour: rates, aggregations, vector matching, histogram quantiles, subqueries."
        },
        mixinStandardHelpOptions = true,
        versionProvider = MeridianVersion.class,
        sortOptions = false)
final class DemoCommand implements Callable<Integer> {
    /** A query of the tour, with what it shows. */
    private record TourStop(String title, String query, boolean range) {}

    private static final List<TourStop> TOUR = List.of(
            new TourStop("Requests per second by service", "sort_desc(sum by (job) (rate(http_requests_total[5m])))", false),
            new TourStop("Error ratio by service (5xx over all)",
                    "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m])) / sum by (job) (rate(http_requests_total[5m]))",
                    false),
            new TourStop("99th percentile latency by service",
                    "histogram_quantile(0.99, sum by (job, le) (rate(http_request_duration_seconds_bucket[5m])))", false),
            new TourStop("Busiest instances, with their build version (group_left)",
                    "topk(3, sum by (job, instance) (rate(http_requests_total[5m])) * on (job, instance) group_left (version)"
                            + " http_build_info)",
                    false),
            new TourStop("Three busiest nodes: share of CPU time not idle",
                    "topk(3, 1 - avg by (instance) (rate(node_cpu_seconds_total{mode=\"idle\"}[5m])))", false),
            new TourStop("Peak request rate of the last hour (subquery)",
                    "max_over_time(sum(rate(http_requests_total[5m]))[1h:1m])", false),
            new TourStop("Instances per service that restarted (their counters went down) in the last 3 hours",
                    "count by (job) (max by (job, instance) (resets(http_requests_total[3h])) > 0)", false),
            new TourStop("Fleet request rate, last hour in 10m steps (a range query)",
                    "sum(rate(http_requests_total[5m]))", true));

    @Spec
    private CommandSpec spec;

    @Option(names = "--hosts", paramLabel = "N",
            description = "Hosts in the fleet, 50 series each (default: ${DEFAULT-VALUE}).")
    private int hosts = 40;

    @Option(names = "--hours", paramLabel = "H",
            description = "Hours of data up to now, one sample per series every 15s (default: ${DEFAULT-VALUE}).")
    private int hours = 3;

    @Option(names = "--query", paramLabel = "PROMQL",
            description = "Run this instant query at the latest sample instead of the tour; repeatable.")
    private List<String> queries = List.of();

    @Option(names = "--max-lines", paramLabel = "N",
            description = "Result lines printed per query (default: ${DEFAULT-VALUE}).")
    private int maxLines = 12;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int samples = hours * 240;
        long interval = DatasetSpec.DEFAULT_INTERVAL_MILLIS;
        long end = System.currentTimeMillis() / interval * interval;
        DatasetSpec dataset = new DatasetSpec(hosts, samples, interval, end - (samples - 1L) * interval, DatasetSpec.DEFAULT_SEED);
        long loadStart = System.nanoTime();
        InMemoryStorage storage = new ServiceMetricsGenerator(dataset).load();
        out.printf("meridian demo: %s, %d samples up to %s, generated in %d ms%n", dataset, dataset.sampleCount(),
                Instant.ofEpochMilli(end), (System.nanoTime() - loadStart) / 1_000_000);
        out.println();

        Engine engine = new Engine(EngineConfig.defaults());
        List<TourStop> stops = queries.isEmpty()
                ? TOUR
                : queries.stream().map(q -> new TourStop("", q, false)).toList();
        boolean allOk = true;
        for (TourStop stop : stops) {
            if (!stop.title().isEmpty()) {
                out.println("# " + stop.title());
            }
            out.println(stop.query() + (stop.range() ? "   [range: last hour, step 10m]" : ""));
            allOk &= run(engine, storage, stop, end, out);
            out.println();
        }
        out.flush();
        return allOk ? 0 : 1;
    }

    private boolean run(Engine engine, InMemoryStorage storage, TourStop stop, long end, PrintWriter out) {
        long started = System.nanoTime();
        QueryResult result;
        try {
            result = stop.range()
                    ? engine.rangeQuery(storage, stop.query(), end - 3_600_000, end, 600_000).execute()
                    : engine.instantQuery(storage, stop.query(), end).execute();
        } catch (PromqlException e) {
            out.println("  error (" + e.code() + "): " + e.getMessage());
            return false;
        }
        long micros = (System.nanoTime() - started) / 1_000;
        List<String> lines = TextFormat.lines(result.value());
        if (lines.isEmpty()) {
            out.println("  (no data)");
        }
        lines.stream().limit(maxLines).forEach(line -> out.println("  " + line));
        if (lines.size() > maxLines) {
            out.println("  ... " + (lines.size() - maxLines) + " more lines");
        }
        String series = result.value() instanceof Matrix m ? m.series().size() + " series, " : "";
        out.printf("  (%s%d samples read, %s)%n", series, result.samplesRead(),
                micros >= 10_000 ? Durations.format(micros / 1_000) : micros + "µs");
        return true;
    }
}
