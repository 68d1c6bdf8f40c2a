package dev.meridian.promql.differential;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.memory.InMemoryStorage;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A deterministic set of a few hundred series over two hours, written once as OpenMetrics text
 * (for {@code promtool tsdb create-blocks-from openmetrics}) and once into an
 * {@link InMemoryStorage}, so Prometheus and our engine see exactly the same samples.
 *
 * <p>What it holds, and why:
 * <ul>
 *   <li>counters with resets and several label dimensions ({@code http_requests_total}), and a
 *       second counter over a subset of those labels ({@code http_request_failures_total}) for
 *       {@code on}/{@code ignoring}/{@code group_left} matching;
 *   <li>two gauges over identical label sets ({@code node_memory_*}) for one-to-one matching and an
 *       info metric ({@code build_info}) for joins;
 *   <li>gauges with negative values, NaN, +Inf and -Inf, huge and tiny magnitudes, and integer
 *       gauges with many ties (for {@code topk}, {@code count_values} and {@code sort});
 *   <li>two classic histograms ({@code _bucket} with {@code le}, {@code _sum}, {@code _count}), one
 *       of them with a service that lacks its {@code +Inf} bucket;
 *   <li>metric names with colons, as recording rules write them, and label values beyond ASCII
 *       or with characters that need escaping;
 *   <li>scrapes every 15s (some exactly on the grid, so query times and window edges hit samples,
 *       some with up to ±2s of jitter), gaps longer than the lookback delta, series that start
 *       late or stop early, and a sparse counter scraped every few minutes.
 * </ul>
 * No staleness markers: backfilled blocks cannot carry them.
 *
 * <p>Timestamps are whole milliseconds. OpenMetrics timestamps are seconds, written here with
 * exactly three decimals, which Prometheus reads back to the same millisecond.
 */
final class Dataset {
    /** 2023-11-14T22:13:20Z; not on a 2h block boundary, so the data spans two TSDB blocks. */
    static final long DEFAULT_START = 1_700_000_000_000L;
    static final long DURATION = 2 * 3_600_000L;

    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;

    /** One OpenMetrics metric family: its name, type and series. */
    record Family(String name, String type, List<SeriesData> series) {
        Family {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
            series = List.copyOf(series);
        }
    }

    /** One series with its samples in time order. */
    record SeriesData(Labels labels, long[] timestamps, double[] values) {
        SeriesData {
            requireNonNull(labels, "labels is null");
            requireNonNull(timestamps, "timestamps is null");
            requireNonNull(values, "values is null");
            if (timestamps.length != values.length) {
                throw new IllegalArgumentException("timestamps and values differ in length ("
                        + timestamps.length + " vs " + values.length + ")");
            }
            for (int i = 1; i < timestamps.length; i++) {
                if (timestamps[i] <= timestamps[i - 1]) {
                    throw new IllegalArgumentException("timestamps of " + labels + " not increasing at " + i);
                }
            }
        }
    }

    private final long start;
    private final List<Family> families;

    private Dataset(long start, List<Family> families) {
        this.start = start;
        this.families = List.copyOf(families);
    }

    /** The dataset for {@code seed}, starting at {@code start} (milliseconds) and lasting two hours. */
    static Dataset generate(long seed, long start) {
        return new Generator(new Random(seed), start).generate();
    }

    long start() {
        return start;
    }

    long end() {
        return start + DURATION;
    }

    List<Family> families() {
        return families;
    }

    int seriesCount() {
        return families.stream().mapToInt(f -> f.series().size()).sum();
    }

    long sampleCount() {
        return families.stream().flatMap(f -> f.series().stream()).mapToLong(s -> s.timestamps().length).sum();
    }

    /** Metric name to label name to the values it takes, for the query generator. */
    Map<String, Map<String, SortedSet<String>>> catalog() {
        Map<String, Map<String, SortedSet<String>>> catalog = new TreeMap<>();
        for (Family family : families) {
            for (SeriesData series : family.series()) {
                Map<String, SortedSet<String>> labels =
                        catalog.computeIfAbsent(series.labels().metricName(), k -> new TreeMap<>());
                for (Map.Entry<String, String> label : series.labels().toMap().entrySet()) {
                    if (!label.getKey().equals(Labels.METRIC_NAME)) {
                        labels.computeIfAbsent(label.getKey(), k -> new TreeSet<>()).add(label.getValue());
                    }
                }
            }
        }
        return catalog;
    }

    void loadInto(InMemoryStorage storage) {
        InMemoryStorage.Appender appender = storage.appender();
        for (Family family : families) {
            for (SeriesData series : family.series()) {
                for (int i = 0; i < series.timestamps().length; i++) {
                    appender.add(series.labels(), series.timestamps()[i], series.values()[i]);
                }
            }
        }
        appender.commit();
    }

    /**
     * Writes the OpenMetrics text exposition: per family a {@code # TYPE} line, then each series'
     * samples in time order with a timestamp in seconds, then {@code # EOF}.
     */
    void writeOpenMetrics(Writer out) throws IOException {
        for (Family family : families) {
            out.write("# TYPE " + family.name() + " " + family.type() + "\n");
            for (SeriesData series : family.series()) {
                String prefix = seriesText(series.labels());
                for (int i = 0; i < series.timestamps().length; i++) {
                    out.write(prefix);
                    out.write(' ');
                    out.write(formatValue(series.values()[i]));
                    out.write(' ');
                    out.write(formatTimestamp(series.timestamps()[i]));
                    out.write('\n');
                }
            }
        }
        out.write("# EOF\n");
    }

    private static String seriesText(Labels labels) {
        StringBuilder out = new StringBuilder(labels.metricName());
        boolean first = true;
        for (Map.Entry<String, String> label : labels.toMap().entrySet()) {
            if (label.getKey().equals(Labels.METRIC_NAME)) {
                continue;
            }
            out.append(first ? '{' : ',');
            first = false;
            out.append(label.getKey()).append("=\"");
            for (char c : label.getValue().toCharArray()) {
                switch (c) {
                    case '\\' -> out.append("\\\\");
                    case '"' -> out.append("\\\"");
                    case '\n' -> out.append("\\n");
                    default -> out.append(c);
                }
            }
            out.append('"');
        }
        if (!first) {
            out.append('}');
        }
        return out.toString();
    }

    /** Any string that parses back to the same double, in the spelling OpenMetrics uses for NaN and infinities. */
    static String formatValue(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return Double.toString(v);
    }

    /** Seconds with exactly three decimals. */
    static String formatTimestamp(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("negative timestamp " + millis);
        }
        return String.format("%d.%03d", millis / 1000, millis % 1000);
    }

    /** Builds the families from one random stream, in a fixed order, so a seed always gives the same data. */
    private static final class Generator {
        private final Random random;
        private final long start;
        private final long end;
        private final List<Family> families = new ArrayList<>();

        Generator(Random random, long start) {
            this.random = random;
            this.start = start;
            this.end = start + DURATION;
        }

        Dataset generate() {
            httpRequests();
            nodeMemory();
            nodeCpu();
            buildInfoAndUp();
            temperatures();
            oddGauges();
            queues();
            histogram("http_request_duration_seconds",
                    new double[] {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5},
                    List.of(Labels.of("job", "api", "instance", "10.0.1.1:8080"),
                            Labels.of("job", "api", "instance", "10.0.1.2:8080"),
                            Labels.of("job", "api", "instance", "10.0.1.3:8080"),
                            Labels.of("job", "web", "instance", "10.0.2.1:80"),
                            Labels.of("job", "web", "instance", "10.0.2.2:80")),
                    0.2, null);
            histogram("rpc_latency_seconds", new double[] {0.1, 0.5, 1, 5, 10},
                    List.of(Labels.of("service", "auth"), Labels.of("service", "billing"), Labels.of("service", "search")),
                    1.5, "search");
            sparseEvents();
            recordingRules();
            unicode();
            return new Dataset(start, families);
        }

        /** http_requests_total{job,instance,method,code} and http_request_failures_total{job,instance,method}. */
        private void httpRequests() {
            List<SeriesData> requests = new ArrayList<>();
            List<SeriesData> failures = new ArrayList<>();
            String[][] jobs = {
                {"api", "10.0.1.1:8080", "10.0.1.2:8080", "10.0.1.3:8080", "10.0.1.4:8080"},
                {"web", "10.0.2.1:80", "10.0.2.2:80", "10.0.2.3:80"},
            };
            int instanceIndex = 0;
            for (String[] job : jobs) {
                for (int i = 1; i < job.length; i++) {
                    String instance = job[i];
                    // Instance 2 starts 30m late, instance 3 stops 30m early, instance 5 has a 12m gap;
                    // odd instances scrape exactly on the 15s grid, even ones with jitter.
                    long from = instanceIndex == 2 ? start + 30 * MINUTE + 4_321 : start;
                    long to = instanceIndex == 3 ? end - 30 * MINUTE : end;
                    long jitter = instanceIndex % 2 == 1 ? 0 : 2_000;
                    long[] gap = instanceIndex == 5 ? new long[] {start + 50 * MINUTE, start + 62 * MINUTE} : null;
                    long[] ts = timeline(from, to, 15 * SECOND, jitter, gap);
                    for (String method : List.of("get", "post")) {
                        double failureRate = 0;
                        for (String code : List.of("200", "404", "500")) {
                            double rate = switch (code) {
                                case "200" -> 20 + random.nextInt(80);
                                case "404" -> 1 + random.nextInt(5);
                                default -> random.nextInt(4) * 0.25;
                            };
                            if (method.equals("post")) {
                                rate /= 4;
                            }
                            if (!code.equals("200")) {
                                failureRate += rate;
                            }
                            requests.add(new SeriesData(
                                    Labels.of("__name__", "http_requests_total", "job", job[0], "instance", instance,
                                            "method", method, "code", code),
                                    ts, counter(ts, rate, 0.004, true)));
                        }
                        // Failures exist for every instance and method but the last instance of "web".
                        if (i < job.length - 1 || job[0].equals("api")) {
                            failures.add(new SeriesData(
                                    Labels.of("__name__", "http_request_failures_total", "job", job[0],
                                            "instance", instance, "method", method),
                                    ts, counter(ts, failureRate, 0.004, true)));
                        }
                    }
                    instanceIndex++;
                }
            }
            families.add(new Family("http_requests", "counter", requests));
            families.add(new Family("http_request_failures", "counter", failures));
        }

        /** node_memory_MemTotal_bytes and node_memory_MemAvailable_bytes over the same label sets. */
        private void nodeMemory() {
            List<SeriesData> total = new ArrayList<>();
            List<SeriesData> available = new ArrayList<>();
            for (int n = 1; n <= 4; n++) {
                Labels base = Labels.of("job", "node", "instance", "node-" + n + ":9100");
                long[] ts = timeline(start, end, 15 * SECOND, n % 2 == 0 ? 1_500 : 0, null);
                double size = (8L << 30) * n;
                double[] t = new double[ts.length];
                double[] a = new double[ts.length];
                double free = size * (0.2 + 0.6 * random.nextDouble());
                for (int i = 0; i < ts.length; i++) {
                    t[i] = size;
                    free = Math.max(0, Math.min(size, free + (random.nextDouble() - 0.5) * size * 0.02));
                    a[i] = Math.rint(free);
                }
                total.add(new SeriesData(with(base, "node_memory_MemTotal_bytes"), ts, t));
                available.add(new SeriesData(with(base, "node_memory_MemAvailable_bytes"), ts, a));
            }
            families.add(new Family("node_memory_MemTotal_bytes", "gauge", total));
            families.add(new Family("node_memory_MemAvailable_bytes", "gauge", available));
        }

        /** node_cpu_seconds_total{instance,job,cpu,mode}: counters growing by fractions of a second. */
        private void nodeCpu() {
            List<SeriesData> cpu = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                long[] ts = timeline(start, end, 15 * SECOND, n == 2 ? 2_000 : 0, null);
                // Node 3 reboots at 1h: every CPU counter resets there.
                for (int c = 0; c < 2; c++) {
                    double remaining = 1.0;
                    for (String mode : List.of("idle", "iowait", "system", "user")) {
                        double share = mode.equals("user") ? remaining : remaining * random.nextDouble() * 0.7;
                        remaining -= share;
                        double[] v = new double[ts.length];
                        double value = 1_000 + random.nextInt(100_000);
                        for (int i = 0; i < ts.length; i++) {
                            if (n == 3 && i > 0 && ts[i - 1] < start + 60 * MINUTE && ts[i] >= start + 60 * MINUTE) {
                                value = 0;
                            }
                            if (i > 0) {
                                value += share * (ts[i] - ts[i - 1]) / 1000.0 * (0.9 + 0.2 * random.nextDouble());
                            }
                            v[i] = Math.rint(value * 100) / 100;
                        }
                        cpu.add(new SeriesData(Labels.of("__name__", "node_cpu_seconds_total", "job", "node",
                                "instance", "node-" + n + ":9100", "cpu", Integer.toString(c), "mode", mode), ts, v));
                    }
                }
            }
            families.add(new Family("node_cpu_seconds", "counter", cpu));
        }

        /** build_info{job,instance,version} = 1 and up{job,instance} in {0,1}. */
        private void buildInfoAndUp() {
            List<SeriesData> info = new ArrayList<>();
            List<SeriesData> up = new ArrayList<>();
            String[][] targets = {
                {"api", "10.0.1.1:8080", "1.4.2"}, {"api", "10.0.1.2:8080", "1.4.2"},
                {"api", "10.0.1.3:8080", "1.5.0"}, {"api", "10.0.1.4:8080", "1.5.0"},
                {"web", "10.0.2.1:80", "2.0.0"}, {"web", "10.0.2.2:80", "2.0.0"}, {"web", "10.0.2.3:80", "2.1.0-rc.1"},
                {"node", "node-1:9100", "1.6.1"}, {"node", "node-2:9100", "1.6.1"}, {"node", "node-3:9100", "1.6.1"},
                {"node", "node-4:9100", "1.6.1"},
            };
            for (String[] target : targets) {
                long[] ts = timeline(start, end, 30 * SECOND, 0, null);
                double[] ones = new double[ts.length];
                Arrays.fill(ones, 1);
                info.add(new SeriesData(Labels.of("__name__", "build_info", "job", target[0], "instance", target[1],
                        "version", target[2]), ts, ones));
                double[] upValues = new double[ts.length];
                boolean flaky = target[1].startsWith("10.0.2.3") || target[1].startsWith("node-4");
                for (int i = 0; i < ts.length; i++) {
                    upValues[i] = flaky && random.nextInt(5) == 0 ? 0 : 1;
                }
                up.add(new SeriesData(Labels.of("__name__", "up", "job", target[0], "instance", target[1]), ts, upValues));
            }
            families.add(new Family("build_info", "gauge", info));
            families.add(new Family("up", "gauge", up));
        }

        /** temperature_celsius{site,sensor}: random walks around zero, with negative values. */
        private void temperatures() {
            List<SeriesData> series = new ArrayList<>();
            for (String site : List.of("oslo", "lisbon", "quito")) {
                for (int s = 1; s <= 4; s++) {
                    long[] ts = timeline(start, end, 15 * SECOND, s == 1 ? 0 : 2_000, null);
                    double[] v = new double[ts.length];
                    double value = (site.equals("oslo") ? -8 : site.equals("lisbon") ? 14 : 3) + random.nextGaussian() * 4;
                    for (int i = 0; i < ts.length; i++) {
                        value += random.nextGaussian() * 0.4;
                        v[i] = Math.rint(value * 1000) / 1000;
                    }
                    series.add(new SeriesData(Labels.of("__name__", "temperature_celsius", "site", site,
                            "sensor", "s" + s), ts, v));
                }
            }
            families.add(new Family("temperature_celsius", "gauge", series));
        }

        /** odd_gauge{kind}: NaN, +Inf, -Inf, huge, tiny, negative zero and constant values. */
        private void oddGauges() {
            List<SeriesData> series = new ArrayList<>();
            for (String kind : List.of("nan_sometimes", "inf_sometimes", "neg_inf_sometimes", "huge", "tiny",
                    "constant", "mixed")) {
                long[] ts = timeline(start, end, 15 * SECOND, kind.length() % 2 == 0 ? 0 : 1_000, null);
                double[] v = new double[ts.length];
                for (int i = 0; i < ts.length; i++) {
                    double base = random.nextGaussian() * 10;
                    v[i] = switch (kind) {
                        case "nan_sometimes" -> random.nextInt(12) == 0 ? Double.NaN : Math.rint(base * 10) / 10;
                        case "inf_sometimes" -> random.nextInt(15) == 0 ? Double.POSITIVE_INFINITY : Math.rint(base);
                        case "neg_inf_sometimes" -> random.nextInt(15) == 0 ? Double.NEGATIVE_INFINITY : base;
                        case "huge" -> 1e300 * (1 + random.nextDouble());
                        case "tiny" -> random.nextInt(10) == 0 ? -0.0 : 1e-300 * random.nextInt(100);
                        case "constant" -> 42;
                        default -> switch (random.nextInt(8)) {
                            case 0 -> Double.NaN;
                            case 1 -> Double.POSITIVE_INFINITY;
                            case 2 -> Double.NEGATIVE_INFINITY;
                            default -> Math.rint(base * 100) / 100;
                        };
                    };
                }
                series.add(new SeriesData(Labels.of("__name__", "odd_gauge", "kind", kind), ts, v));
            }
            families.add(new Family("odd_gauge", "gauge", series));
        }

        /** queue_length{queue,priority}: small integers, so many samples tie. */
        private void queues() {
            List<SeriesData> series = new ArrayList<>();
            for (String queue : List.of("email", "sms", "push")) {
                for (String priority : List.of("high", "low")) {
                    long[] ts = timeline(start, end, 15 * SECOND, 0, null);
                    double[] v = new double[ts.length];
                    int value = random.nextInt(4);
                    for (int i = 0; i < ts.length; i++) {
                        value = Math.max(0, Math.min(6, value + random.nextInt(3) - 1));
                        v[i] = value;
                    }
                    series.add(new SeriesData(Labels.of("__name__", "queue_length", "queue", queue,
                            "priority", priority), ts, v));
                }
            }
            families.add(new Family("queue_length", "gauge", series));
        }

        /**
         * A classic histogram per label set: cumulative {@code _bucket} counters for each bound plus
         * {@code +Inf} (left out for {@code withoutInf}), {@code _sum} and {@code _count}, all
         * scraped together and all reset together.
         */
        private void histogram(String name, double[] bounds, List<Labels> labelSets, double meanSeconds, String withoutInf) {
            List<SeriesData> series = new ArrayList<>();
            for (int s = 0; s < labelSets.size(); s++) {
                Labels base = labelSets.get(s);
                long[] ts = timeline(start, end, 15 * SECOND, s % 2 == 0 ? 1_000 : 0, null);
                double[][] buckets = new double[bounds.length + 1][ts.length];
                double[] sum = new double[ts.length];
                double[] count = new double[ts.length];
                long[] cumulative = new long[bounds.length + 1];
                double total = 0;
                long observations = 0;
                int resetAt = s == 1 ? ts.length / 2 : -1;
                for (int i = 0; i < ts.length; i++) {
                    if (i == resetAt) {
                        Arrays.fill(cumulative, 0);
                        total = 0;
                        observations = 0;
                    }
                    int n = random.nextInt(40);
                    for (int k = 0; k < n; k++) {
                        double x = -Math.log(1 - random.nextDouble()) * meanSeconds;
                        x = Math.rint(x * 1000) / 1000;
                        total += x;
                        observations++;
                        for (int b = 0; b <= bounds.length; b++) {
                            if (b == bounds.length || x <= bounds[b]) {
                                cumulative[b]++;
                            }
                        }
                    }
                    for (int b = 0; b <= bounds.length; b++) {
                        buckets[b][i] = cumulative[b];
                    }
                    sum[i] = Math.rint(total * 1000) / 1000;
                    count[i] = observations;
                }
                for (int b = 0; b <= bounds.length; b++) {
                    if (b == bounds.length && base.get("service").equals(withoutInf)) {
                        continue;
                    }
                    String le = b == bounds.length ? "+Inf" : formatBound(bounds[b]);
                    series.add(new SeriesData(with(base.toBuilder().set("le", le).build(), name + "_bucket"),
                            ts, buckets[b]));
                }
                series.add(new SeriesData(with(base, name + "_sum"), ts, sum));
                series.add(new SeriesData(with(base, name + "_count"), ts, count));
            }
            families.add(new Family(name, "histogram", series));
        }

        /** sparse_events_total{type}: a counter scraped every 2–9 minutes, so windows hold 0–3 samples. */
        private void sparseEvents() {
            List<SeriesData> series = new ArrayList<>();
            for (String type : List.of("deploy", "restart", "page", "backup")) {
                List<Long> ts = new ArrayList<>();
                long t = start + random.nextInt(120) * SECOND;
                while (t < end) {
                    ts.add(t);
                    t += (2 + random.nextInt(8)) * MINUTE + random.nextInt(1000);
                }
                long[] times = ts.stream().mapToLong(Long::longValue).toArray();
                series.add(new SeriesData(Labels.of("__name__", "sparse_events_total", "type", type), times,
                        counter(times, 0.02, 0.05, false)));
            }
            families.add(new Family("sparse_events", "counter", series));
        }

        /** Gauges named as recording rules name them, with colons. */
        private void recordingRules() {
            List<SeriesData> rate = new ArrayList<>();
            for (String job : List.of("api", "web")) {
                long[] ts = timeline(start + 10 * SECOND, end, MINUTE, 0, null);
                double[] v = new double[ts.length];
                double value = 50 + random.nextInt(200);
                for (int i = 0; i < ts.length; i++) {
                    value = Math.max(0, value + random.nextGaussian() * 5);
                    v[i] = Math.rint(value * 1000) / 1000;
                }
                rate.add(new SeriesData(Labels.of("__name__", "job:http_requests:rate5m", "job", job), ts, v));
            }
            families.add(new Family("job:http_requests:rate5m", "gauge", rate));
            List<SeriesData> ratio = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                long[] ts = timeline(start + 10 * SECOND, end, MINUTE, 0, null);
                double[] v = new double[ts.length];
                for (int i = 0; i < ts.length; i++) {
                    v[i] = Math.rint(random.nextDouble() * 10_000) / 10_000;
                }
                ratio.add(new SeriesData(Labels.of("__name__", "instance:node_cpu_utilisation:ratio",
                        "instance", "node-" + n + ":9100"), ts, v));
            }
            families.add(new Family("instance:node_cpu_utilisation:ratio", "gauge", ratio));
        }

        /**
         * greeting_info{lang}: label values beyond ASCII (two-byte, three-byte and four-byte UTF-8,
         * which sorts differently from UTF-16) and with characters OpenMetrics must escape.
         */
        private void unicode() {
            List<SeriesData> series = new ArrayList<>();
            List<String> values = List.of("café", "naïve", "日本語", "emoji-\uD83D\uDE00", "\uFF5Ehalfwidth",
                    "quote\"and\\backslash", "two\nlines", "plain");
            for (int i = 0; i < values.size(); i++) {
                long[] ts = timeline(start, end, 30 * SECOND, 0, null);
                double[] v = new double[ts.length];
                Arrays.fill(v, i + 1);
                series.add(new SeriesData(Labels.of("__name__", "greeting_info", "lang", values.get(i)), ts, v));
            }
            families.add(new Family("greeting_info", "gauge", series));
        }

        /**
         * Scrape times from {@code from} to {@code to} every {@code interval}, each moved by up to
         * ±{@code jitter}, none inside {@code gap} ({from, to} or null).
         */
        private long[] timeline(long from, long to, long interval, long jitter, long[] gap) {
            List<Long> ts = new ArrayList<>();
            for (long t = from; t <= to; t += interval) {
                long at = jitter == 0 ? t : t + random.nextLong(-jitter, jitter + 1);
                if (gap != null && at >= gap[0] && at < gap[1]) {
                    continue;
                }
                if (at >= from && at <= to) {
                    ts.add(at);
                }
            }
            return ts.stream().mapToLong(Long::longValue).toArray();
        }

        /**
         * A counter growing by about {@code perSecond}, reset to a small value with probability
         * {@code resetChance} per scrape. Integer increments if {@code integral}.
         */
        private double[] counter(long[] ts, double perSecond, double resetChance, boolean integral) {
            double[] v = new double[ts.length];
            double value = integral ? random.nextInt(10_000) : random.nextInt(20);
            for (int i = 0; i < ts.length; i++) {
                if (i > 0) {
                    double increment = perSecond * (ts[i] - ts[i - 1]) / 1000.0 * (0.5 + random.nextDouble());
                    if (random.nextDouble() < resetChance) {
                        value = 0;
                    }
                    value += integral ? Math.rint(increment) : Math.rint(increment * 8) / 8;
                }
                v[i] = value;
            }
            return v;
        }

        private static Labels with(Labels base, String metricName) {
            return base.toBuilder().set(Labels.METRIC_NAME, metricName).build();
        }

        /** A bucket bound as Prometheus client libraries write it ({@code 0.005}, {@code 1}, {@code 2.5}). */
        private static String formatBound(double bound) {
            return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
        }
    }

    @Override
    public String toString() {
        return "Dataset[" + seriesCount() + " series, " + sampleCount() + " samples from " + start + "]";
    }

    /** All series of one metric, in generation order. */
    List<SeriesData> series(String metricName) {
        List<SeriesData> out = new ArrayList<>();
        for (Family family : families) {
            for (SeriesData s : family.series()) {
                if (s.labels().metricName().equals(metricName)) {
                    out.add(s);
                }
            }
        }
        return Collections.unmodifiableList(out);
    }
}
