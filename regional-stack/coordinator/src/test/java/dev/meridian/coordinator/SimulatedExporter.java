package dev.meridian.coordinator;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;

/**
 * Scrape targets for tests: one HTTP server per target on 127.0.0.1 and a free port, serving
 * {@code /metrics} in the Prometheus text format 0.0.4. Each scrape of a target advances that
 * target's simulated process by one tick, so the data changes the way a real service's does:
 *
 * <ul>
 *   <li>{@code http_requests_total{handler, method, code}}: counters in 12 label combinations;
 *   <li>{@code http_request_duration_seconds}: a histogram by handler ({@code _bucket{le}},
 *       {@code _sum}, {@code _count}); {@code rpc_duration_seconds}: a summary by service
 *       ({@code quantile} 0.5, 0.9, 0.99, {@code _sum}, {@code _count});
 *   <li>gauges: negative ({@code node_temperature_celsius{sensor="outside"}},
 *       {@code account_balance_dollars}, which crosses zero), fractional
 *       ({@code memory_usage_ratio}), integers ({@code queue_depth}), {@code NaN}, {@code +Inf} and
 *       {@code -Inf} ({@code weird_value}), and one that alternates between NaN and numbers;
 *   <li>a counter reset: the target {@link #RESTARTING} restarts at tick {@link #RESTART_TICK}:
 *       its counters, histogram and summary start from 0 again, {@code process_start_time_seconds}
 *       moves, and {@code build_info} changes its {@code version} label (one series ends, another begins);
 *   <li>series that end: {@code batch_job_running} exists for ticks {@link #BATCH_FROM} until
 *       {@link #BATCH_UNTIL} only, so Prometheus writes staleness markers when it disappears;
 *       {@code temporary_connections} appears at tick {@link #BATCH_UNTIL} and stays;
 *   <li>an outage: the target {@link #FLAKY} answers 503 for ticks {@link #OUTAGE_FROM} until
 *       {@link #OUTAGE_UNTIL}, so its {@code up} is 0 and its series go stale, then come back.
 * </ul>
 *
 * Every gauge value of a target is offset by the target's index, so no two series tie (which
 * would make {@code topk} free to pick either). {@link #close()} stops all servers.
 */
public final class SimulatedExporter implements AutoCloseable {
    public static final String RESTARTING = "api-2";
    public static final String FLAKY = "db-1";
    public static final int BATCH_FROM = 10;
    public static final int BATCH_UNTIL = 30;
    public static final int RESTART_TICK = 40;
    public static final int OUTAGE_FROM = 50;
    public static final int OUTAGE_UNTIL = 54;

    private static final String[] HANDLERS = {"/api/query", "/login"};
    private static final String[] METHODS = {"GET", "POST"};
    private static final String[] CODES = {"200", "404", "500"};
    private static final double[] BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5};
    private static final String[] SERVICES = {"storage", "auth"};
    private static final double[] QUANTILES = {0.5, 0.9, 0.99};
    private static final MediaType TEXT_FORMAT = MediaType.parse("text/plain; version=0.0.4; charset=utf-8");

    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final List<Server> servers = new ArrayList<>();

    /** Starts one server per name; the names become the targets' {@code instance} labels in the scrape config. */
    public SimulatedExporter(List<String> names) {
        try {
            for (String name : names) {
                Target target = new Target(name, targets.size());
                Server server = Server.builder()
                        .http(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .service("/metrics", (ctx, req) -> target.scrape())
                        .build();
                servers.add(server);
                server.start().join();
                target.port = server.activeLocalPort();
                targets.put(name, target);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** {@code 127.0.0.1:PORT} of the target {@code name}. */
    public String address(String name) {
        return "127.0.0.1:" + target(name).port;
    }

    /** How many times the target {@code name} was scraped (its tick). */
    public int scrapes(String name) {
        Target target = target(name);
        synchronized (target) {
            return target.tick;
        }
    }

    /** When the target {@code name} was first scraped (epoch milliseconds), if it was. */
    public OptionalLong firstScrapeMillis(String name) {
        Target target = target(name);
        synchronized (target) {
            return target.firstScrapeMillis == 0 ? OptionalLong.empty() : OptionalLong.of(target.firstScrapeMillis);
        }
    }

    private Target target(String name) {
        return requireNonNull(targets.get(name), () -> "no target " + name + " (have: " + targets.keySet() + ")");
    }

    @Override
    public void close() {
        servers.forEach(Server::close);
    }

    /** One simulated process; every scrape is one tick of its life. */
    private static final class Target {
        private final String name;
        private final int index;
        private final Random random;
        private volatile int port;
        private int tick;
        private long firstScrapeMillis;
        private long startTimeSeconds = 1_700_000_000L;
        private final double[] requests = new double[HANDLERS.length * METHODS.length * CODES.length];
        private final double[][] bucketCounts = new double[HANDLERS.length][BUCKETS.length + 1];
        private final double[] durationSums = new double[HANDLERS.length];
        private final double[] rpcCounts = new double[SERVICES.length];
        private final double[] rpcSums = new double[SERVICES.length];

        Target(String name, int index) {
            this.name = name;
            this.index = index;
            this.random = new Random(index + 1);
        }

        synchronized HttpResponse scrape() {
            tick++;
            if (firstScrapeMillis == 0) {
                firstScrapeMillis = System.currentTimeMillis();
            }
            if (name.equals(FLAKY) && tick >= OUTAGE_FROM && tick < OUTAGE_UNTIL) {
                return HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE, MediaType.PLAIN_TEXT_UTF_8, "simulated outage\n");
            }
            if (name.equals(RESTARTING) && tick == RESTART_TICK) {
                restart();
            }
            advance();
            return HttpResponse.of(HttpStatus.OK, TEXT_FORMAT, render());
        }

        private void restart() {
            Arrays.fill(requests, 0);
            for (double[] counts : bucketCounts) {
                Arrays.fill(counts, 0);
            }
            Arrays.fill(durationSums, 0);
            Arrays.fill(rpcCounts, 0);
            Arrays.fill(rpcSums, 0);
            startTimeSeconds += 3600;
        }

        /** Serves some requests: counters grow by different amounts per label combination. */
        private void advance() {
            for (int h = 0; h < HANDLERS.length; h++) {
                for (int m = 0; m < METHODS.length; m++) {
                    for (int c = 0; c < CODES.length; c++) {
                        int weight = c == 0 ? 20 : c == 1 ? 3 : 1;
                        requests[(h * METHODS.length + m) * CODES.length + c] += random.nextInt(weight * (h + m + 1) + 1);
                    }
                }
                int observations = 3 + random.nextInt(6);
                for (int o = 0; o < observations; o++) {
                    double seconds = Math.round(Math.exp(random.nextGaussian() - 2 + h) * 1000) / 1000.0;
                    durationSums[h] += seconds;
                    int bucket = 0;
                    while (bucket < BUCKETS.length && seconds > BUCKETS[bucket]) {
                        bucket++;
                    }
                    bucketCounts[h][bucket]++;
                }
            }
            for (int s = 0; s < SERVICES.length; s++) {
                int calls = 1 + random.nextInt(4);
                rpcCounts[s] += calls;
                rpcSums[s] += calls * (0.01 + 0.005 * s + random.nextInt(10) / 1000.0);
            }
        }

        private String render() {
            StringBuilder out = new StringBuilder();
            out.append("# HELP http_requests_total Requests served, by handler, method and status code.\n");
            out.append("# TYPE http_requests_total counter\n");
            for (int h = 0; h < HANDLERS.length; h++) {
                for (int m = 0; m < METHODS.length; m++) {
                    for (int c = 0; c < CODES.length; c++) {
                        line(out, "http_requests_total", requests[(h * METHODS.length + m) * CODES.length + c],
                                "handler", HANDLERS[h], "method", METHODS[m], "code", CODES[c]);
                    }
                }
            }
            out.append("# HELP http_request_duration_seconds How long requests took.\n");
            out.append("# TYPE http_request_duration_seconds histogram\n");
            for (int h = 0; h < HANDLERS.length; h++) {
                double cumulative = 0;
                for (int b = 0; b <= BUCKETS.length; b++) {
                    cumulative += bucketCounts[h][b];
                    String le = b == BUCKETS.length ? "+Inf" : Double.toString(BUCKETS[b]);
                    line(out, "http_request_duration_seconds_bucket", cumulative, "handler", HANDLERS[h], "le", le);
                }
                line(out, "http_request_duration_seconds_sum", durationSums[h], "handler", HANDLERS[h]);
                line(out, "http_request_duration_seconds_count", cumulative, "handler", HANDLERS[h]);
            }
            out.append("# HELP rpc_duration_seconds RPC latency.\n");
            out.append("# TYPE rpc_duration_seconds summary\n");
            for (int s = 0; s < SERVICES.length; s++) {
                for (double q : QUANTILES) {
                    double value = 0.004 * (s + 1) * (1 + q * 3) + (tick % 7) / 1000.0 + index / 10000.0;
                    line(out, "rpc_duration_seconds", value, "service", SERVICES[s], "quantile", Double.toString(q));
                }
                line(out, "rpc_duration_seconds_sum", rpcSums[s], "service", SERVICES[s]);
                line(out, "rpc_duration_seconds_count", rpcCounts[s], "service", SERVICES[s]);
            }
            out.append("# TYPE node_temperature_celsius gauge\n");
            line(out, "node_temperature_celsius", -12.5 + 6 * Math.sin(tick / 9.0) + index * 0.37, "sensor", "outside");
            line(out, "node_temperature_celsius", 45.25 + 10 * Math.cos(tick / 13.0) + index * 1.1, "sensor", "cpu");
            out.append("# TYPE memory_usage_ratio gauge\n");
            line(out, "memory_usage_ratio", 0.35 + 0.2 * Math.sin(tick / 7.0 + index) + index * 0.011);
            out.append("# TYPE account_balance_dollars gauge\n");
            line(out, "account_balance_dollars", -40.5 + tick * 1.25 - index * 3.3);
            out.append("# TYPE queue_depth gauge\n");
            line(out, "queue_depth", (tick * (index + 2)) % 17 * 3 + index, "queue", "ingest");
            line(out, "queue_depth", 100 + (tick % 5) * 10 + index, "queue", "compact");
            out.append("# TYPE weird_value gauge\n");
            line(out, "weird_value", Double.NaN, "kind", "nan");
            line(out, "weird_value", Double.POSITIVE_INFINITY, "kind", "pos_inf");
            line(out, "weird_value", Double.NEGATIVE_INFINITY, "kind", "neg_inf");
            line(out, "weird_value", tick % 4 == 0 ? Double.NaN : tick + index / 10.0, "kind", "flapping");
            out.append("# TYPE process_start_time_seconds gauge\n");
            line(out, "process_start_time_seconds", startTimeSeconds + index);
            out.append("# TYPE build_info gauge\n");
            line(out, "build_info", 1, "version", name.equals(RESTARTING) && tick >= RESTART_TICK ? "1.3.0" : "1.2.3");
            if (tick >= BATCH_FROM && tick < BATCH_UNTIL) {
                out.append("# TYPE batch_job_running gauge\n");
                line(out, "batch_job_running", 1 + index, "batch", "nightly");
            }
            if (tick >= BATCH_UNTIL) {
                out.append("# TYPE temporary_connections gauge\n");
                line(out, "temporary_connections", tick - BATCH_UNTIL + index * 0.5, "peer", "p1");
            }
            return out.toString();
        }

        /** {@code name{k="v",...} value}; label values here need no escaping. */
        private static void line(StringBuilder out, String metric, double value, String... labels) {
            out.append(metric);
            if (labels.length > 0) {
                out.append('{');
                for (int i = 0; i < labels.length; i += 2) {
                    out.append(i == 0 ? "" : ",").append(labels[i]).append("=\"").append(labels[i + 1]).append('"');
                }
                out.append('}');
            }
            out.append(' ').append(format(value)).append('\n');
        }

        private static String format(double value) {
            if (Double.isNaN(value)) {
                return "NaN";
            }
            if (Double.isInfinite(value)) {
                return value > 0 ? "+Inf" : "-Inf";
            }
            return Double.toString(value);
        }
    }
}
