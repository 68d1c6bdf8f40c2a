package dev.meridian.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.api.ApiLimits;
import dev.meridian.gateway.exec.DistributedEngine;
import dev.meridian.gateway.exec.GatewayResult;
import dev.meridian.gateway.exec.PartialResponse;
import dev.meridian.gateway.exec.QueryPolicy;
import dev.meridian.gateway.exec.RegionCoverage;
import dev.meridian.gateway.plan.DistributedPlanner;
import dev.meridian.gateway.server.Gateway;
import dev.meridian.gateway.server.GatewayConfig;
import dev.meridian.gateway.server.GatewayConfig.RegionEndpoints;
import dev.meridian.gateway.transport.BreakerConfig;
import dev.meridian.gateway.transport.GrpcRegionClient;
import dev.meridian.gateway.transport.HedgePolicy;
import dev.meridian.gateway.transport.RegionClientConfig;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.parser.Parser;
import dev.meridian.storage.files.DurableFiles;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code meridian bench gateway}: what the global gateway costs over querying one region.
 *
 * <p>Starts {@code --regions} regions on loopback (storage nodes, write and read coordinators, as
 * the demo does), backfills each with {@code --minutes} of a node-exporter fleet, and starts a
 * gateway over them with its results cache off, so every query reaches the regions. Then:
 * <ul>
 *   <li><b>latency</b>: the same range query, {@code --repetitions} rounds after {@code --warmup} untimed ones, each
 *       round sending it to every region's own HTTP API alone, then to all regions' APIs at once
 *       (waiting for the last answer), then to the gateway. {@code latency_ratio} is the gateway's
 *       median over the median of "all regions at once" (target ≤ 1.1): the gateway does the same
 *       fan-out (with its own client instead of the JDK's) plus its planning, merge and one more
 *       hop, so the ratio is its own cost. {@code latency_ratio_over_idle_region} divides by the
 *       slowest region queried while the others are idle instead. When the regions share fewer
 *       cores than they are (3 regions on a 2-core machine), their evaluations compete for CPU in
 *       any fan-out, so that ratio mostly measures the machine; with each region on machines of its
 *       own it would be the gateway's cost;
 *   <li><b>bytes</b>: the region-call bytes of the gateway answering the query with pushdown
 *       (from its {@code coverage} block) over those of the same query under the raw-only plan,
 *       which pulls every series it reads through RegionStore (the selections and time ranges the
 *       gateway would fetch without pushdown); {@code bytes_ratio} targets ≤ 0.01.
 * </ul>
 * Prints {@code name=value} lines; progress goes to stderr.
 */
@Command(
        name = "gateway",
        description = {
            "Start regions and a gateway on loopback, backfill a node-exporter fleet, and compare the gateway's latency with",
            "the slowest of the regions queried directly and at once (latency_ratio), and the bytes a pushed-down 'sum by'",
            "moves with the raw series' (bytes_ratio). Prints name=value lines; progress goes to stderr."
        },
        mixinStandardHelpOptions = true,
        versionProvider = MeridianVersion.class,
        sortOptions = false)
final class BenchGatewayCommand implements Callable<Integer> {
    private static final String METRIC = "node_cpu_seconds_total";
    private static final long STEP_MILLIS = 30_000;
    private static final String RATE_RANGE = "1m";

    @Spec
    private CommandSpec spec;

    @Option(names = "--regions", paramLabel = "N", description = "Regions (default: ${DEFAULT-VALUE}).")
    private int regions = 3;

    @Option(names = "--hosts", paramLabel = "N", description = "Node exporters per region, 330 series each (default: ${DEFAULT-VALUE}).")
    private int hosts = 30;

    @Option(names = "--minutes", paramLabel = "M",
            description = "Minutes of history, one scrape every 10s; at most 10 (the storage accepts that far back) (default: ${DEFAULT-VALUE}).")
    private int minutes = 9;

    @Option(names = "--repetitions", paramLabel = "N", description = "Timed runs of each query per target (default: ${DEFAULT-VALUE}).")
    private int repetitions = 101;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Untimed rounds first, so the JIT has compiled every target's request path (default: ${DEFAULT-VALUE}).")
    private int warmupRounds = 400;

    @Option(names = "--query", paramLabel = "PROMQL",
            description = "The query timed and measured (default: ${DEFAULT-VALUE}).")
    private String query = "sum by (mode) (rate(" + METRIC + "[" + RATE_RANGE + "]))";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        if (regions < 1 || hosts < 1 || repetitions < 1 || warmupRounds < 0 || minutes < 2 || minutes > 10) {
            throw new ParameterException(spec.commandLine(),
                    "--regions, --hosts and --repetitions must be at least 1, --warmup at least 0 and --minutes from 2 to 10");
        }
        Parser.parse(query);
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("meridian-bench-gateway");
        List<DemoRegion> started = new ArrayList<>();
        Gateway gateway = null;
        try {
            for (int r = 0; r < regions; r++) {
                started.add(DemoRegion.start(DemoCommand.regionName(r), dir.resolve(DemoCommand.regionName(r)), 1, 1, 0));
            }
            int rounds = minutes * 6;
            for (int r = 0; r < regions; r++) {
                DemoRegion region = started.get(r);
                int series = DemoWorkload.backfill(region.name(), region.writer().writeUrl(), hosts, 20231114L + r, rounds,
                        spec.commandLine().getErr());
                System.err.println("bench gateway: region " + region.name() + ": " + series + " series x " + rounds + " rounds written");
            }
            List<RegionEndpoints> endpoints = new ArrayList<>();
            for (DemoRegion region : started) {
                endpoints.add(region.gatewayEndpoints());
            }
            GatewayConfig config = new GatewayConfig("127.0.0.1", 0, endpoints, PartialResponse.ABORT, 0, Duration.ofMinutes(1),
                    HedgePolicy.off(), BreakerConfig.defaults(), Optional.empty(), ApiLimits.DEFAULT, 4, Optional.empty());
            gateway = Gateway.start(config, MeridianVersion.projectVersionOrUnknown(), OpenTelemetry.noop());

            long end = System.currentTimeMillis() / STEP_MILLIS * STEP_MILLIS;
            long start = end - (minutes - 1) * 60_000L;
            String params = "query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&start=" + start / 1000.0
                    + "&end=" + end / 1000.0 + "&step=" + STEP_MILLIS / 1000.0;

            out.println("gateway.query=" + query);
            out.println("gateway.regions=" + regions);
            out.println("gateway.series_per_region=" + hosts * 330);
            List<LatencyTarget> targets = new ArrayList<>();
            for (DemoRegion region : started) {
                String url = region.reader().queryUrl().toString();
                targets.add(new LatencyTarget("region." + region.name(), () -> queryRangeNow(url, params)));
            }
            targets.add(new LatencyTarget("regions_concurrently", () -> allRegionsAtOnce(started, params)));
            String gatewayUrl = gateway.queryUrl();
            targets.add(new LatencyTarget("gateway", () -> queryRangeNow(gatewayUrl, params)));
            double[] medians = medianMillis(targets);

            double slowestAlone = 0;
            for (int r = 0; r < regions; r++) {
                out.printf("region.%s.latency_ms_p50=%.2f%n", started.get(r).name(), medians[r]);
                slowestAlone = Math.max(slowestAlone, medians[r]);
            }
            double concurrently = medians[regions];
            double viaGateway = medians[regions + 1];
            out.printf("gateway.latency_ms_p50=%.2f%n", viaGateway);
            out.printf("gateway.slowest_region_concurrently_latency_ms_p50=%.2f%n", concurrently);
            out.printf("gateway.latency_ratio=%.3f%n", viaGateway / concurrently);
            out.printf("gateway.slowest_region_alone_latency_ms_p50=%.2f%n", slowestAlone);
            out.printf("gateway.latency_ratio_over_idle_region=%.3f%n", viaGateway / slowestAlone);
            out.printf("gateway.available_processors=%d%n", Runtime.getRuntime().availableProcessors());

            long pushdownBytes = pushdownBytes(gateway.queryUrl(), params);
            long rawBytes = rawBytes(endpoints, start, end);
            out.println("gateway.pushdown_bytes=" + pushdownBytes);
            out.println("gateway.raw_bytes=" + rawBytes);
            out.printf("gateway.bytes_ratio=%.5f%n", (double) pushdownBytes / rawBytes);
            out.flush();
            return 0;
        } finally {
            if (gateway != null) {
                gateway.close();
            }
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).close();
            }
            DurableFiles.deleteRecursively(dir);
        }
    }

    /** One way of answering the query whose latency is measured. */
    private record LatencyTarget(String name, Query run) {}

    @FunctionalInterface
    private interface Query {
        void run() throws IOException, InterruptedException;
    }

    /**
     * The median latency of each target. {@code --warmup} untimed rounds (a request path that ran
     * only a few times is still interpreted, and the gateway's path is longer: a few warm-up runs
     * measure the JIT, not the gateway), then {@code --repetitions} rounds that each run every target
     * once, in turn from a different first one each round, so machine noise falls on all targets
     * alike rather than on whichever is measured first.
     */
    private double[] medianMillis(List<LatencyTarget> targets) throws IOException, InterruptedException {
        for (int round = 0; round < warmupRounds; round++) {
            for (LatencyTarget target : targets) {
                target.run().run();
            }
        }
        double[][] millis = new double[targets.size()][repetitions];
        for (int round = 0; round < repetitions; round++) {
            // Each round starts at the next target, so none always follows the same one (and its garbage).
            for (int i = 0; i < targets.size(); i++) {
                int t = (round + i) % targets.size();
                long started = System.nanoTime();
                targets.get(t).run().run();
                millis[t][round] = (System.nanoTime() - started) / 1e6;
            }
        }
        double[] medians = new double[targets.size()];
        for (int t = 0; t < targets.size(); t++) {
            Arrays.sort(millis[t]);
            medians[t] = millis[t][repetitions / 2];
        }
        return medians;
    }

    /** Sends the query to every region's own API at once and waits for the last answer. */
    private void allRegionsAtOnce(List<DemoRegion> started, String params) throws IOException, InterruptedException {
        List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
        for (DemoRegion region : started) {
            answers.add(queryRange(region.reader().queryUrl().toString(), params));
        }
        await(CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)));
    }

    private JsonNode queryRangeNow(String baseUrl, String params) throws IOException, InterruptedException {
        return await(queryRange(baseUrl, params));
    }

    private static <T> T await(CompletableFuture<T> future) throws IOException, InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Sends {@code query_range}; the answer fails unless it is a success with at least one series. */
    private CompletableFuture<JsonNode> queryRange(String baseUrl, String params) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/query_range"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(params))
                .timeout(Duration.ofMinutes(1))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            JsonNode body;
            try {
                body = json.readTree(response.body());
            } catch (IOException e) {
                throw new IllegalStateException(baseUrl + " answered " + response.statusCode() + " with no JSON: " + response.body(), e);
            }
            if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
                throw new IllegalStateException(baseUrl + " answered " + response.statusCode() + ": " + response.body());
            }
            if (body.path("data").path("result").isEmpty()) {
                throw new IllegalStateException(baseUrl + " answered no series for " + query);
            }
            return body;
        });
    }

    /** The bytes the gateway's region calls took for the query, from its coverage block. */
    private long pushdownBytes(String gatewayUrl, String params) throws IOException, InterruptedException {
        JsonNode coverage = queryRangeNow(gatewayUrl, params).path("coverage");
        long bytes = 0;
        for (JsonNode region : coverage) {
            if (!"ok".equals(region.path("status").asText())) {
                throw new IllegalStateException("region " + region.path("region").asText() + " did not answer: " + region);
            }
            bytes += region.path("bytes").asLong();
        }
        return bytes;
    }

    /**
     * The region-call bytes of the same query under the raw-only plan ({@link DistributedPlanner#rawOnly()}):
     * every series it reads pulled through RegionStore, exactly the selections and time ranges the
     * gateway would fetch without pushdown.
     */
    private long rawBytes(List<RegionEndpoints> endpoints, long start, long end) {
        List<GrpcRegionClient> clients = new ArrayList<>();
        ExecutorService evaluations = Executors.newCachedThreadPool();
        try {
            for (RegionEndpoints region : endpoints) {
                GrpcRegionClient client = GrpcRegionClient.builder(RegionClientConfig.builder(region.name(), region.endpoints())
                        .hedge(HedgePolicy.off()).build()).build();
                clients.add(client);
                client.start().join();
            }
            DistributedEngine rawOnly = new DistributedEngine(List.copyOf(clients), new Engine(EngineConfig.defaults()),
                    evaluations, DistributedPlanner.rawOnly());
            GatewayResult result = rawOnly.query(Parser.parse(query), start, end, STEP_MILLIS,
                    QueryPolicy.abort(Duration.ofMinutes(1)));
            long bytes = 0;
            for (RegionCoverage region : result.coverage().regions()) {
                bytes += region.bytes();
            }
            return bytes;
        } finally {
            clients.forEach(GrpcRegionClient::close);
            evaluations.shutdownNow();
        }
    }
}
