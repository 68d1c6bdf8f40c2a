package dev.meridian.gateway.exec;

import dev.meridian.gateway.region.Metadata;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.StaleMarker;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.LongToDoubleFunction;

/**
 * Three regions of realistic, deterministic data for equivalence tests, two hours from
 * {@link #START} scraped every 15s (each series at its own phase, some exactly on the minute):
 *
 * <ul>
 *   <li>{@code http_requests_total{job, instance, method, code}}: counters with resets, jobs spread
 *       over regions ({@code api} everywhere, {@code web} in eu-west and us-east, {@code db} in
 *       us-east and ap-south);
 *   <li>{@code http_request_duration_seconds_bucket/_sum/_count}: a classic histogram per api
 *       instance, {@code le} from 0.05 to +Inf;
 *   <li>{@code node_temperature_celsius} (gauges around zero, negative values),
 *       {@code node_memory_free_bytes}/{@code node_memory_total_bytes} (same label sets),
 *       {@code node_cpu_seconds_total{cpu, mode}};
 *   <li>{@code batch_job_running{task}}: series that start late and stop early, ended by a
 *       staleness marker;
 *   <li>{@code build_info{version}} (1, for joins), {@code up} (1 or 0), and
 *       {@code cron_last_success_timestamp_seconds} scraped only every 4 minutes.
 * </ul>
 *
 * Values are drawn from continuous distributions, so aggregations that select (topk, sort) have
 * no ties. {@code ap-south} holds data only from 60 minutes in, so time pruning has something to
 * prune; {@code eu-west} has a second external label, {@code provider="aws"}.
 */
final class EquivalenceData {
    static final long START = 1_700_000_000_000L;
    static final long END = START + 2 * 3_600_000L;
    private static final long SCRAPE = 15_000;
    private static final long MINUTE = 60_000;

    private EquivalenceData() {}

    /** The three regions, loaded; all use {@code config}. */
    static List<InMemoryRegion> regions(EngineConfig config) {
        Random random = new Random(20231114);
        InMemoryRegion eu = new InMemoryRegion("eu-west", Labels.of("provider", "aws"), config);
        InMemoryRegion us = new InMemoryRegion("us-east", Labels.EMPTY, config);
        InMemoryRegion ap = new InMemoryRegion("ap-south", Labels.EMPTY, config);
        eu.load(w -> region(w, random, "eu-west", START, List.of("api", "api", "api", "web", "web")));
        us.load(w -> region(w, random, "us-east", START, List.of("api", "api", "web", "web", "db", "db")));
        ap.load(w -> region(w, random, "ap-south", START + 60 * MINUTE, List.of("api", "api", "db", "db")));
        for (InMemoryRegion r : List.of(eu, us, ap)) {
            r.addMetadata(new Metadata("http_requests_total", "counter", "Requests served.", ""));
            r.addMetadata(new Metadata("node_temperature_celsius", "gauge", "Temperature.", "celsius"));
        }
        us.addMetadata(new Metadata("db_queries_total", "counter", "Queries run.", ""));
        return List.of(eu, us, ap);
    }

    private static void region(InMemoryRegion.Writer w, Random random, String region, long from, List<String> jobs) {
        int n = 0;
        for (String job : jobs) {
            String instance = region + "-" + job + "-" + (n++) + ":9090";
            for (String method : List.of("GET", "POST", "PUT")) {
                for (String code : List.of("200", "500")) {
                    counter(w, random, Labels.of("__name__", "http_requests_total", "job", job, "instance", instance,
                            "method", method, "code", code), from, code.equals("200") ? 8 : 0.7);
                }
            }
            if (job.equals("api")) {
                histogram(w, random, job, instance, from);
            }
            Labels build = Labels.of("__name__", "build_info", "job", job, "instance", instance, "version",
                    random.nextBoolean() ? "v1.2" : "v1.3");
            gauge(w, random, build, from, END, () -> 1.0);
            up(w, random, job, instance, from);
        }
        for (int i = 0; i < 4; i++) {
            String instance = region + "-node-" + i + ":9100";
            double[] temperature = {-15 + 50 * random.nextDouble()};
            gauge(w, random, Labels.of("__name__", "node_temperature_celsius", "job", "node", "instance", instance),
                    from, END, () -> temperature[0] += random.nextGaussian() * 0.6);
            double total = 8e9 + random.nextDouble() * 8e9;
            double[] free = {total * (0.2 + 0.6 * random.nextDouble())};
            gauge(w, random, Labels.of("__name__", "node_memory_total_bytes", "job", "node", "instance", instance),
                    from, END, () -> total);
            gauge(w, random, Labels.of("__name__", "node_memory_free_bytes", "job", "node", "instance", instance),
                    from, END, () -> free[0] = Math.max(1e8, free[0] + random.nextGaussian() * 5e7));
            for (String cpu : List.of("0", "1")) {
                for (String mode : List.of("idle", "user")) {
                    counter(w, random, Labels.of("__name__", "node_cpu_seconds_total", "job", "node", "instance",
                            instance, "cpu", cpu, "mode", mode), from, mode.equals("idle") ? 0.8 : 0.2);
                }
            }
            up(w, random, "node", instance, from);
        }
        for (int task = 0; task < 3; task++) {
            long start = from + (long) (random.nextDouble() * (END - from) * 0.6);
            long stop = Math.min(END - MINUTE, start + (10 + random.nextInt(40)) * MINUTE);
            double[] progress = {0};
            long last = gauge(w, random, Labels.of("__name__", "batch_job_running", "job", "batch", "instance",
                    region + "-batch:8080", "task", "t" + task), start, stop,
                    () -> progress[0] += random.nextDouble());
            w.add(Labels.of("__name__", "batch_job_running", "job", "batch", "instance", region + "-batch:8080",
                    "task", "t" + task), last + SCRAPE, StaleMarker.VALUE);
        }
        Labels cron = Labels.of("__name__", "cron_last_success_timestamp_seconds", "job", "cron", "instance",
                region + "-cron:9000");
        double lastSuccess = (from - 7 * MINUTE) / 1000.0;
        for (long t = from + random.nextInt(60_000); t <= END; t += 4 * MINUTE) {
            if (random.nextDouble() < 0.6) {
                lastSuccess = (t - random.nextInt(30_000)) / 1000.0;
            }
            w.add(cron, t, lastSuccess);
        }
    }

    /** A counter growing by about {@code perSecond}, with one reset in about a third of the series. */
    private static void counter(InMemoryRegion.Writer w, Random random, Labels labels, long from, double perSecond) {
        double rate = perSecond * (0.3 + 1.4 * random.nextDouble());
        double[] value = {random.nextDouble() * 1000};
        long reset = random.nextDouble() < 0.35 ? from + (long) (random.nextDouble() * (END - from)) : Long.MAX_VALUE;
        boolean[] done = {false};
        gaugeAt(w, random, labels, from, END, t -> {
            if (!done[0] && t >= reset) {
                done[0] = true;
                value[0] = random.nextDouble() * 5;
                return value[0];
            }
            value[0] += rate * 15 * (0.5 + random.nextDouble());
            return value[0];
        });
    }

    /** A histogram of about 20 observations per scrape, exponentially distributed around 0.3s. */
    private static void histogram(InMemoryRegion.Writer w, Random random, String job, String instance, long from) {
        double[] bounds = {0.05, 0.1, 0.5, 1, 5, Double.POSITIVE_INFINITY};
        String[] les = {"0.05", "0.1", "0.5", "1", "5", "+Inf"};
        double[] counts = new double[bounds.length];
        double sum = 0;
        long phase = random.nextInt(15) * 1000L;
        double scale = 0.1 + 0.5 * random.nextDouble();
        for (long t = from + phase; t <= END; t += SCRAPE) {
            int observations = 5 + random.nextInt(30);
            for (int i = 0; i < observations; i++) {
                double v = -Math.log(1 - random.nextDouble()) * scale;
                sum += v;
                for (int b = 0; b < bounds.length; b++) {
                    if (v <= bounds[b]) {
                        counts[b]++;
                    }
                }
            }
            for (int b = 0; b < bounds.length; b++) {
                w.add(Labels.of("__name__", "http_request_duration_seconds_bucket", "job", job, "instance", instance,
                        "le", les[b]), t, counts[b]);
            }
            w.add(Labels.of("__name__", "http_request_duration_seconds_sum", "job", job, "instance", instance), t, sum);
            w.add(Labels.of("__name__", "http_request_duration_seconds_count", "job", job, "instance", instance), t,
                    counts[bounds.length - 1]);
        }
    }

    /** 1, except for one stretch of 0 in about a quarter of the targets. */
    private static void up(InMemoryRegion.Writer w, Random random, String job, String instance, long from) {
        long downFrom = random.nextDouble() < 0.25 ? from + (long) (random.nextDouble() * (END - from)) : Long.MAX_VALUE;
        long downTo = downFrom == Long.MAX_VALUE ? downFrom : downFrom + 10 * MINUTE;
        gaugeAt(w, random, Labels.of("__name__", "up", "job", job, "instance", instance), from, END,
                t -> t >= downFrom && t < downTo ? 0.0 : 1.0);
    }

    /** Writes a sample every scrape from a random phase after {@code from} until {@code to}; returns the last time. */
    private static long gauge(InMemoryRegion.Writer w, Random random, Labels labels, long from, long to,
            DoubleSupplier value) {
        return gaugeAt(w, random, labels, from, to, t -> value.getAsDouble());
    }

    private static long gaugeAt(InMemoryRegion.Writer w, Random random, Labels labels, long from, long to,
            LongToDoubleFunction value) {
        // A third of the series scrape exactly on whole 15s marks, the rest at a random phase.
        long phase = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt((int) SCRAPE - 1);
        long first = from - Math.floorMod(from, SCRAPE) + phase;
        if (first < from) {
            first += SCRAPE;
        }
        long last = first;
        for (long t = first; t <= to; t += SCRAPE) {
            w.add(labels, t, value.applyAsDouble(t));
            last = t;
        }
        return last;
    }
}
