package dev.meridian.coordinator.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.coordinator.SimulatedExporter;
import dev.meridian.coordinator.StorageNodes;
import dev.meridian.coordinator.placement.PlacementFile;
import dev.meridian.coordinator.querycmp.Comparison;
import dev.meridian.coordinator.querycmp.Point;
import dev.meridian.coordinator.querycmp.PrometheusClient;
import dev.meridian.coordinator.querycmp.QueriesFile;
import dev.meridian.coordinator.querycmp.QueryCmp;
import dev.meridian.coordinator.querycmp.QueryCmpReport;
import dev.meridian.coordinator.querycmp.QueryCmpSettings;
import dev.meridian.coordinator.querycmp.QueryResponse;
import dev.meridian.coordinator.querycmp.ResultComparator;
import dev.meridian.coordinator.querycmp.ResultType;
import dev.meridian.coordinator.querycmp.Series;
import dev.meridian.coordinator.querycmp.Tolerance;
import dev.meridian.coordinator.read.NodeReader;
import dev.meridian.coordinator.read.ReplicatedQueryable;
import dev.meridian.coordinator.replication.Consistency;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.MatchType;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.SampleIterator;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.storage.SeriesSet;
import dev.meridian.promql.storage.StaleMarker;
import dev.meridian.promql.testing.PrometheusProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The region as a drop-in for Prometheus: a real Prometheus 2.42 scrapes three targets of a
 * {@link SimulatedExporter} every second and remote-writes to the region's write coordinator
 * (three storage nodes, RF=3); then {@link QueryCmp} compares that Prometheus with the query
 * endpoint over the queries in {@code region-it/queries.promql} and {@code region-it/failing-queries.promql},
 * as range queries over the time both have and as instant queries at several times, and must find
 * no mismatch. The region's series carry {@code region="it"}, which querycmp is told to ignore.
 *
 * <p>The write and the read role run as separate coordinators, as in production: Prometheus
 * writes to one and querycmp queries the other. Before querycmp, what the write coordinator stored
 * is checked on its own, sample by sample against the scraping Prometheus, through the storage
 * nodes' read API.
 */
class RegionPrometheusIT {
    private static final String REGION = "it";
    private static final List<String> API_TARGETS = List.of("api-1", SimulatedExporter.RESTARTING);
    private static final List<String> DB_TARGETS = List.of(SimulatedExporter.FLAKY);
    /** Scrapes of every target before comparing: past the exporter's last event (the outage), with a margin. */
    private static final int SCRAPES = SimulatedExporter.OUTAGE_UNTIL + 16;
    private static final Duration SCRAPES_TIMEOUT = Duration.ofSeconds(SCRAPES + 60);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);
    /** Kept off both ends of the data: the first scrapes, and the newest samples a queue may still hold. */
    private static final long EDGE_MILLIS = 5_000;
    /** How far past {@code end} each remote-write queue must have sent before comparing. */
    private static final long SENT_PAST_END_MILLIS = 3_000;
    /** Queries whose answer is empty over the whole compared range on purpose; every other must have data. */
    private static final Set<String> EMPTY_BY_DESIGN = Set.of(
            "absent(up)",
            "absent_over_time(up[30s])",
            "http_requests_total{code=\"999\"}",
            "up == bool 2 unless up == bool 2");

    @TempDir
    Path dir;

    private final List<AutoCloseable> started = new ArrayList<>();
    private final ExecutorService reads = Executors.newCachedThreadPool();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stopAll() throws Exception {
        // Prometheus first (it writes to the others), then the coordinator, then the nodes.
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
        reads.shutdownNow();
    }

    private <T extends AutoCloseable> T started(T resource) {
        started.add(resource);
        return resource;
    }

    @Test
    void prometheusAndTheRegionAnswerEveryQueryAlike() throws Exception {
        PrometheusProcess.requireVersion242();
        StorageNodes nodes = started(new StorageNodes(dir.resolve("nodes"), 3, 64, 3));
        // as in production: the write and the read role in separate coordinators
        Coordinator writer = started(startCoordinator(nodes, CoordinatorRole.WRITE));
        Coordinator reader = started(startCoordinator(nodes, CoordinatorRole.READ));
        URI target = reader.queryUrl();
        SimulatedExporter exporter = started(new SimulatedExporter(allTargets()));
        String coordinatorWrite = writer.writeUrl().toString();
        PrometheusProcess prometheus = started(PrometheusProcess.startWithConfig(dir.resolve("prometheus"),
                port -> prometheusConfig(exporter, coordinatorWrite), List.of()));

        await("every target scraped " + SCRAPES + " times", SCRAPES_TIMEOUT, prometheus,
                () -> allTargets().stream().allMatch(t -> exporter.scrapes(t) >= SCRAPES));
        long firstScrape = allTargets().stream().mapToLong(t -> exporter.firstScrapeMillis(t).orElseThrow()).max().orElseThrow();
        long start = firstScrape + EDGE_MILLIS;
        long end = System.currentTimeMillis() - EDGE_MILLIS;
        await("the remote-write queue sent everything up to " + (end + SENT_PAST_END_MILLIS) + " ms", CATCH_UP_TIMEOUT,
                prometheus, () -> caughtUp(prometheus, end + SENT_PAST_END_MILLIS));
        String remoteStorage = get(prometheus.url().resolve("/metrics"));
        for (String queue : List.of("region")) {
            for (String counter : List.of("prometheus_remote_storage_samples_failed_total",
                    "prometheus_remote_storage_samples_dropped_total")) {
                assertThat(remoteMetric(remoteStorage, counter, queue)).as("%s of queue %s\n%s", counter, queue, prometheus.logTail())
                        .hasValue(0);
            }
        }

        assertRegionStoredWhatPrometheusScraped(nodes, prometheus, start, end);

        List<String> queries = QueriesFile.read(resource("region-it/queries.promql"));
        List<String> failing = QueriesFile.read(resource("region-it/failing-queries.promql"));
        assertQueriesMeanSomething(prometheus, queries, failing, start, end);
        List<String> all = new ArrayList<>(queries);
        all.addAll(failing);
        StringWriter output = new StringWriter();
        PrintWriter out = new PrintWriter(output);
        // The whole range, then instant queries (with a short range behind each) at three times inside it.
        QueryCmpReport report = compare(prometheus.url(), target, all, start, end, out);
        for (int quarter = 1; quarter <= 3; quarter++) {
            long at = start + (end - start) * quarter / 4;
            report = add(report, compare(prometheus.url(), target, all, at - 10_000, at, out));
        }
        System.out.print(output);
        System.out.println("RegionPrometheusIT " + report.summary());

        assertThat(report.total()).isGreaterThanOrEqualTo(100);
        assertThat(report.matched()).as("mismatches (matched=%d total=%d):\n%s\nPrometheus log:\n%s",
                report.matched(), report.total(), output, prometheus.logTail()).isEqualTo(report.total());
    }

    private Coordinator startCoordinator(StorageNodes nodes, CoordinatorRole role) throws IOException {
        PlacementFile.write(nodes.placement(), dir.resolve("placement.yaml"));
        Path file = Files.writeString(dir.resolve(role.name().toLowerCase(Locale.ROOT) + "-coordinator.yaml"), """
                server:
                  port: 0
                placement: placement.yaml
                region: %s
                """.formatted(REGION));
        CoordinatorConfig config = CoordinatorConfig.load(file);
        return Coordinator.start(config, PlacementFile.read(config.placement()), role);
    }

    private static List<String> allTargets() {
        List<String> all = new ArrayList<>(API_TARGETS);
        all.addAll(DB_TARGETS);
        return all;
    }

    /**
     * Scrapes every target each second, naming the instances (so queries can), and remote-writes
     * to the region with a one-shard queue that flushes within a second.
     */
    private static String prometheusConfig(SimulatedExporter exporter, String regionWrite) {
        StringBuilder config = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1m
                scrape_configs:
                """);
        for (Map.Entry<String, List<String>> job : Map.of("api", API_TARGETS, "db", DB_TARGETS).entrySet()) {
            config.append("  - job_name: ").append(job.getKey()).append("\n    static_configs:\n");
            for (String instance : job.getValue()) {
                config.append("      - targets: ['").append(exporter.address(instance)).append("']\n")
                        .append("        labels:\n          instance: ").append(instance).append('\n');
            }
        }
        config.append("remote_write:\n");
        for (Map.Entry<String, String> queue : Map.of("region", regionWrite).entrySet()) {
            config.append("""
                      - name: %s
                        url: %s
                        queue_config:
                          batch_send_deadline: 500ms
                          min_shards: 1
                          max_shards: 1
                          max_samples_per_send: 2000
                          min_backoff: 50ms
                          max_backoff: 1s
                    """.formatted(queue.getKey(), queue.getValue()));
        }
        return config.toString();
    }

    /**
     * Whether the remote-write queue sent every sample up to {@code sentMillis}. The queue has
     * one shard ({@code max_shards: 1}), which sends its batches in the order it read the samples
     * from the WAL and retries a batch until it is accepted; the WAL holds a scrape's samples
     * once the scrape (timeout 1s) finished, so it holds every sample older than
     * {@link #SENT_PAST_END_MILLIS} before the newest. So once a queue's
     * {@code queue_highest_sent_timestamp_seconds} is past {@code sentMillis}, everything up to
     * {@code sentMillis - SENT_PAST_END_MILLIS} has been accepted.
     */
    private boolean caughtUp(PrometheusProcess prometheus, long sentMillis) {
        String metrics;
        try {
            metrics = get(prometheus.url().resolve("/metrics"));
        } catch (IOException e) {
            return false;
        }
        for (String queue : List.of("region")) {
            OptionalDouble sent = remoteMetric(metrics, "prometheus_remote_storage_queue_highest_sent_timestamp_seconds", queue);
            if (sent.isEmpty() || sent.getAsDouble() * 1000 < sentMillis) {
                return false;
            }
        }
        return true;
    }

    /** The value of {@code metric{remote_name="queue",...}} in Prometheus' own /metrics text. */
    private static OptionalDouble remoteMetric(String metrics, String metric, String queue) {
        Matcher line = Pattern.compile("^" + Pattern.quote(metric) + "\\{[^}]*remote_name=\"" + Pattern.quote(queue)
                + "\"[^}]*} (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        return line.find() ? OptionalDouble.of(Double.parseDouble(line.group(1))) : OptionalDouble.empty();
    }

    /**
     * Every sample Prometheus holds in [start, end] (a range selector over all series, evaluated
     * at {@code end}: raw samples without staleness markers) must be in the storage nodes, read
     * back through the region's replicated read path, exactly, and every stored series must
     * carry the region's label.
     */
    private void assertRegionStoredWhatPrometheusScraped(StorageNodes nodes, PrometheusProcess prometheus, long start, long end)
            throws InterruptedException, ExecutionException {
        QueryResponse scraped = new PrometheusClient(prometheus.url(), Duration.ofSeconds(30))
                .instant("{__name__=~\".+\"}[" + (end - start) + "ms]", end).get();
        QueryResponse.Samples stored = storedSamples(nodes, start, end);

        assertThat(scraped).isInstanceOf(QueryResponse.Samples.class);
        assertThat(stored.series()).as("series in the region").hasSizeGreaterThan(100)
                .allSatisfy(s -> assertThat(s.labels()).containsEntry("region", REGION));
        assertThat(stored.series().stream().mapToInt(s -> s.points().size()).sum()).as("samples in the region")
                .isGreaterThan(100 * SCRAPES / 2);
        Comparison comparison = new ResultComparator(new Tolerance(0, 0), Set.of("region")).compare(scraped, stored);
        assertThat(comparison.differences()).as("what the region stored against what Prometheus scraped").isEmpty();
        for (int node = 0; node < 3; node++) {
            assertThat(nodes.engine(node).namespace("raw").head().seriesCount()).as("series on node-%d", node + 1)
                    .isGreaterThanOrEqualTo(stored.series().size());
        }
    }

    /** The samples (not staleness markers) of every series in the storage nodes, in [mint, maxt], as a matrix. */
    private QueryResponse.Samples storedSamples(StorageNodes nodes, long mint, long maxt) {
        ReplicatedQueryable region = new ReplicatedQueryable(nodes.placement(), node -> NodeReader.of(nodes.client(node)), "raw",
                Consistency.ALL, Duration.ofSeconds(30), reads);
        List<Series> series = new ArrayList<>();
        try (Querier querier = region.querier(mint, maxt)) {
            SeriesSet set = querier.select(SelectHints.ofRange(mint, maxt), List.of(LabelMatcher.of(MatchType.REGEX, "__name__", ".+")));
            while (set.next()) {
                List<Point> points = new ArrayList<>();
                SampleIterator samples = set.at().iterator();
                for (boolean more = samples.seek(mint); more && samples.timestamp() <= maxt; more = samples.next()) {
                    if (!StaleMarker.isStale(samples.value())) {
                        points.add(new Point(samples.timestamp(), samples.value()));
                    }
                }
                if (!points.isEmpty()) {
                    series.add(new Series(set.at().labels().toMap(), points));
                }
            }
        }
        return new QueryResponse.Samples(ResultType.MATRIX, series);
    }

    /**
     * A comparison that matches only proves something if the queries find data: each query of
     * the main file has data on Prometheus over the compared range (unless it is empty by
     * design), and each failing query fails there.
     */
    private static void assertQueriesMeanSomething(PrometheusProcess prometheus, List<String> queries, List<String> failing,
            long start, long end) throws InterruptedException, ExecutionException {
        PrometheusClient client = new PrometheusClient(prometheus.url(), Duration.ofSeconds(30));
        List<String> withoutData = new ArrayList<>();
        for (String query : queries) {
            QueryResponse answer = client.range(query, start, end, 1000).get();
            boolean hasData = answer instanceof QueryResponse.Samples s && !s.series().isEmpty();
            if (hasData == EMPTY_BY_DESIGN.contains(query)) {
                withoutData.add(query + " -> " + answer);
            }
        }
        assertThat(withoutData).as("queries whose emptiness on Prometheus is not as expected (a typo?)").isEmpty();
        assertThat(queries).containsAll(EMPTY_BY_DESIGN);
        for (String query : failing) {
            assertThat(client.instant(query, end).get()).as(query).isInstanceOf(QueryResponse.ApiError.class);
        }
    }

    private static QueryCmpReport compare(URI reference, URI target, List<String> queries, long start, long end, PrintWriter out)
            throws InterruptedException {
        QueryCmpSettings settings = QueryCmpSettings.builder()
                .reference(reference.toString())
                .target(target.toString())
                .queries(queries)
                .start(seconds(start))
                .end(seconds(end))
                .step("1s")
                .ignoreLabel("region")
                .timeout("30s")
                .build();
        out.println("# range " + seconds(start) + " to " + seconds(end) + " every 1s, instant at " + seconds(end));
        return new QueryCmp(settings).run(out);
    }

    private static QueryCmpReport add(QueryCmpReport a, QueryCmpReport b) {
        return new QueryCmpReport(a.matched() + b.matched(), a.total() + b.total());
    }

    private static String seconds(long millis) {
        return millis / 1000 + "." + String.format("%03d", millis % 1000);
    }

    private String get(URI uri) throws IOException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString(UTF_8));
            if (response.statusCode() != 200) {
                throw new IOException(uri + " answered " + response.statusCode());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(RegionPrometheusIT.class.getClassLoader().getResource(name).toURI());
    }

    /** Polls {@code condition} until it holds; fails naming {@code what} with Prometheus' log tail after {@code timeout}. */
    private static void await(String what, Duration timeout, PrometheusProcess prometheus, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not " + what + " after " + timeout + "; Prometheus log:\n" + prometheus.logTail());
            }
            Thread.sleep(200);
        }
    }
}
