package dev.meridian.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;
import dev.meridian.api.ApiLimits;
import dev.meridian.gateway.exec.PartialResponse;
import dev.meridian.gateway.region.CallOptions;
import dev.meridian.gateway.region.StoreQuery;
import dev.meridian.gateway.server.Gateway;
import dev.meridian.gateway.server.GatewayConfig;
import dev.meridian.gateway.server.GatewayConfig.RegionEndpoints;
import dev.meridian.gateway.transport.BreakerConfig;
import dev.meridian.gateway.transport.GrpcRegionClient;
import dev.meridian.gateway.transport.HedgePolicy;
import dev.meridian.gateway.transport.RegionClientConfig;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.MatchType;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.storage.memory.InMemoryStorage;
import dev.meridian.promql.value.Matrix;
import dev.meridian.promql.value.RangeSeries;
import dev.meridian.promql.value.Sample;
import dev.meridian.promql.value.Scalar;
import dev.meridian.promql.value.Value;
import dev.meridian.promql.value.Vector;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway over three real regions (storage node, write and read coordinator each, data sent
 * by remote write), over gRPC and HTTP as deployed:
 * <ul>
 *   <li>equivalence: every query of {@code gateway-it/queries.promql}, as a range and an instant
 *       query, answers through the gateway exactly what one engine answers over the union of the
 *       regions' raw data (read back from the regions), values within 1e-9 relative;
 *   <li>faults: a region that is down, one that hangs and one that answers errors give partial
 *       results with a warning and a coverage entry under {@code partial_response=warn}, an
 *       {@code unavailable} error under {@code abort} or when {@code min_regions} asks for all
 *       four, and the hung region costs at most the region deadline + 10%.
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayIT {
    private static final long STEP = 30_000;
    private static final Duration REGION_TIMEOUT = Duration.ofSeconds(2);

    private final List<DemoRegion> regions = new ArrayList<>();
    private final List<AutoCloseable> faulty = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private Gateway gateway;
    private InMemoryStorage union;
    private long end;

    @BeforeAll
    void startRegions(@TempDir Path dir) throws Exception {
        for (int r = 0; r < 3; r++) {
            String name = DemoCommand.regionName(r);
            regions.add(DemoRegion.start(name, dir.resolve(name), 1, 1, 0));
        }
        PrintWriter err = new PrintWriter(System.err, true);
        for (int r = 0; r < 3; r++) {
            DemoRegion region = regions.get(r);
            DemoWorkload.backfill(region.name(), region.writer().writeUrl(), 2, 7 + r, 54, err);
        }
        end = System.currentTimeMillis() / STEP * STEP - STEP;
        union = readUnion();
        gateway = Gateway.start(config(endpoints(), PartialResponse.WARN), "test", OpenTelemetry.noop());
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        for (AutoCloseable c : faulty) {
            c.close();
        }
        for (DemoRegion region : regions) {
            region.close();
        }
    }

    private List<RegionEndpoints> endpoints() {
        List<RegionEndpoints> endpoints = new ArrayList<>();
        for (DemoRegion region : regions) {
            endpoints.add(region.gatewayEndpoints());
        }
        return endpoints;
    }

    private static GatewayConfig config(List<RegionEndpoints> endpoints, PartialResponse partial) {
        return new GatewayConfig("127.0.0.1", 0, endpoints, partial, 0, REGION_TIMEOUT, HedgePolicy.off(),
                BreakerConfig.defaults(), Optional.empty(), ApiLimits.DEFAULT, 4, Optional.empty());
    }

    /** Every raw sample every region holds, read back through RegionStore, in one in-memory storage. */
    private InMemoryStorage readUnion() {
        InMemoryStorage storage = new InMemoryStorage();
        InMemoryStorage.Appender appender = storage.appender();
        long from = end - TimeUnit.MINUTES.toMillis(30);
        long to = end + TimeUnit.MINUTES.toMillis(5);
        for (RegionEndpoints region : endpoints()) {
            try (GrpcRegionClient client = GrpcRegionClient.builder(
                    RegionClientConfig.builder(region.name(), region.endpoints()).hedge(HedgePolicy.off()).build()).build()) {
                StoreQuery all = new StoreQuery(List.of(LabelMatcher.of(MatchType.REGEX, "__name__", ".+")), from, to,
                        new SelectHints(from, to, 0, 0, "", List.of(), false));
                for (RangeSeries s : client.store(all, CallOptions.within(TimeUnit.SECONDS.toNanos(30), false)).join().series()) {
                    for (int i = 0; i < s.size(); i++) {
                        appender.add(s.labels(), s.timestamp(i), s.value(i));
                    }
                }
            }
        }
        appender.commit();
        assertThat(storage.seriesCount()).isEqualTo(3 * 2 * 330);
        return storage;
    }

    @Test
    void theGatewayAnswersWhatOneEngineOverAllRegionsAnswers() throws Exception {
        Engine reference = new Engine(EngineConfig.defaults());
        long start = end - TimeUnit.MINUTES.toMillis(5);
        int matched = 0;
        int total = 0;
        List<String> mismatches = new ArrayList<>();
        for (String query : queries()) {
            total += 2;
            Map<String, List<double[]>> expectedRange = points(reference.rangeQuery(union, query, start, end, STEP).execute().value());
            JsonNode range = post(gateway.queryUrl(), "query_range", query, "&start=" + start / 1000.0 + "&end=" + end / 1000.0
                    + "&step=" + STEP / 1000.0);
            String rangeDiff = compare(expectedRange, points(range));
            if (rangeDiff == null) {
                matched++;
            } else {
                mismatches.add("range " + query + ": " + rangeDiff);
            }
            Map<String, List<double[]>> expectedInstant = points(reference.instantQuery(union, query, end).execute().value());
            String instantDiff = compare(expectedInstant, points(post(gateway.queryUrl(), "query", query, "&time=" + end / 1000.0)));
            if (instantDiff == null) {
                matched++;
            } else {
                mismatches.add("instant " + query + ": " + instantDiff);
            }
        }
        System.out.println("GatewayIT matched=" + matched + " total=" + total);
        assertThat(mismatches).isEmpty();
        assertThat(total).isGreaterThanOrEqualTo(80);
    }

    @Test
    void aDownRegionGivesAPartialAnswerUnderWarnAndAnErrorUnderAbort() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        checkFault("down", "127.0.0.1:" + closedPort);
    }

    @Test
    void aHungRegionCostsAtMostItsDeadline() throws Exception {
        ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(hung.accept());
                }
            } catch (IOException e) {
                // closed
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        faulty.add(() -> {
            hung.close();
            for (Socket s : accepted) {
                s.close();
            }
        });
        long elapsed = checkFault("hung", "127.0.0.1:" + hung.getLocalPort());
        System.out.println("GatewayIT hung_region_query_ms=" + elapsed + " region_deadline_ms=" + REGION_TIMEOUT.toMillis());
        assertThat(elapsed).isLessThanOrEqualTo(REGION_TIMEOUT.toMillis() * 11 / 10);
    }

    @Test
    void aRegionThatAnswersErrorsGivesAPartialAnswerUnderWarnAndAnErrorUnderAbort() throws Exception {
        Server broken = Server.builder().http(new java.net.InetSocketAddress("127.0.0.1", 0))
                .serviceUnder("/", (ctx, req) -> HttpResponse.of(HttpStatus.INTERNAL_SERVER_ERROR))
                .build();
        broken.start().join();
        faulty.add(() -> broken.stop().join());
        checkFault("broken", "127.0.0.1:" + broken.activeLocalPort());
    }

    /**
     * The three regions plus {@code name} at {@code endpoint}: warn answers without it, abort fails,
     * and so does a minimum of four regions where three suffice. Returns the warn query's ms.
     */
    private long checkFault(String name, String endpoint) throws Exception {
        List<RegionEndpoints> endpoints = new ArrayList<>(endpoints());
        endpoints.add(new RegionEndpoints(name, List.of(endpoint)));
        String query = "sum by (mode) (rate(node_cpu_seconds_total[1m]))";
        try (Gateway withFault = Gateway.start(config(endpoints, PartialResponse.WARN), "test", OpenTelemetry.noop())) {
            long started = System.nanoTime();
            JsonNode warn = post(withFault.queryUrl(), "query", query, "&time=" + end / 1000.0);
            long elapsed = (System.nanoTime() - started) / 1_000_000;
            assertThat(warn.path("status").asText()).isEqualTo("success");
            assertThat(warn.path("warnings").toString()).contains("region " + name);
            JsonNode coverage = entry(warn.path("coverage"), name);
            assertThat(coverage.path("status").asText()).isNotEqualTo("ok");
            for (DemoRegion region : regions) {
                assertThat(entry(warn.path("coverage"), region.name()).path("status").asText()).isEqualTo("ok");
            }
            // The three healthy regions hold all the data, so the partial answer is the whole answer.
            assertThat(compare(points(post(gateway.queryUrl(), "query", query, "&time=" + end / 1000.0)), points(warn))).isNull();

            JsonNode abort = postRaw(withFault.queryUrl(), "query", query, "&time=" + end / 1000.0 + "&partial_response=abort");
            assertThat(abort.path("status").asText()).isEqualTo("error");
            assertThat(abort.path("errorType").asText()).isEqualTo("unavailable");
            assertThat(abort.path("error").asText()).contains(name);
            assertThat(entry(abort.path("coverage"), name).path("status").asText()).isNotEqualTo("ok");

            // A minimum of regions, under warn: three of four answered.
            JsonNode enough = post(withFault.queryUrl(), "query", query, "&time=" + end / 1000.0 + "&min_regions=3");
            assertThat(compare(points(warn), points(enough))).isNull();
            JsonNode tooFew = postRaw(withFault.queryUrl(), "query", query, "&time=" + end / 1000.0 + "&min_regions=4");
            assertThat(tooFew.path("status").asText()).isEqualTo("error");
            assertThat(tooFew.path("errorType").asText()).isEqualTo("unavailable");
            assertThat(tooFew.path("error").asText()).startsWith("at least 4 of 4 regions must answer, but 1 failed: region "
                    + name + ": ");
            assertThat(entry(tooFew.path("coverage"), name).path("status").asText()).isNotEqualTo("ok");
            return elapsed;
        }
    }

    private static JsonNode entry(JsonNode coverage, String region) {
        for (JsonNode e : coverage) {
            if (e.path("region").asText().equals(region)) {
                return e;
            }
        }
        throw new AssertionError("no coverage entry for " + region + " in " + coverage);
    }

    private JsonNode post(String baseUrl, String endpoint, String query, String params) throws Exception {
        JsonNode body = postRaw(baseUrl, endpoint, query, params);
        assertThat(body.path("status").asText()).as("%s %s: %s", endpoint, query, body).isEqualTo("success");
        return body;
    }

    private JsonNode postRaw(String baseUrl, String endpoint, String query, String params) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/" + endpoint))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + params))
                .timeout(Duration.ofSeconds(60))
                .build();
        return json.readTree(http.send(request, BodyHandlers.ofString()).body());
    }

    /** Series (labels as text) to their points, from the engine's value. */
    private static Map<String, List<double[]>> points(Value value) {
        Map<String, List<double[]>> out = new TreeMap<>();
        if (value instanceof Matrix m) {
            for (RangeSeries s : m.series()) {
                List<double[]> points = new ArrayList<>();
                for (int i = 0; i < s.size(); i++) {
                    points.add(new double[] {s.timestamp(i), s.value(i)});
                }
                out.put(new TreeMap<>(s.labels().toMap()).toString(), points);
            }
        } else if (value instanceof Vector v) {
            for (Sample s : v.samples()) {
                out.put(new TreeMap<>(s.labels().toMap()).toString(), List.of(new double[] {s.timestamp(), s.value()}));
            }
        } else if (value instanceof Scalar s) {
            out.put("scalar", List.of(new double[] {s.timestamp(), s.value()}));
        }
        return out;
    }

    /** Series to points from a Prometheus API answer (matrix, vector or scalar). */
    private Map<String, List<double[]>> points(JsonNode body) throws IOException {
        JsonNode data = body.path("data");
        Map<String, List<double[]>> out = new TreeMap<>();
        String type = data.path("resultType").asText();
        if (type.equals("scalar")) {
            out.put("scalar", List.of(point(data.path("result"))));
            return out;
        }
        for (JsonNode series : data.path("result")) {
            Map<String, String> labels = new TreeMap<>();
            series.path("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            List<double[]> points = new ArrayList<>();
            if (type.equals("matrix")) {
                for (JsonNode p : series.path("values")) {
                    points.add(point(p));
                }
            } else {
                points.add(point(series.path("value")));
            }
            out.put(labels.toString(), points);
        }
        return out;
    }

    private static double[] point(JsonNode p) {
        return new double[] {Math.round(p.get(0).asDouble() * 1000), Double.parseDouble(p.get(1).asText()
                .replace("+Inf", "Infinity").replace("-Inf", "-Infinity"))};
    }

    /** Null if equal: same series, same timestamps, values within 1e-9 relative; else the first difference. */
    private static String compare(Map<String, List<double[]>> expected, Map<String, List<double[]>> actual) {
        if (!expected.keySet().equals(actual.keySet())) {
            return "series differ: expected " + expected.keySet() + " but got " + actual.keySet();
        }
        for (Map.Entry<String, List<double[]>> e : expected.entrySet()) {
            List<double[]> want = e.getValue();
            List<double[]> got = actual.get(e.getKey());
            if (want.size() != got.size()) {
                return e.getKey() + ": " + want.size() + " points expected, got " + got.size();
            }
            for (int i = 0; i < want.size(); i++) {
                double a = want.get(i)[1];
                double b = got.get(i)[1];
                boolean same = Double.compare(a, b) == 0 || (Double.isNaN(a) && Double.isNaN(b))
                        || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
                if (want.get(i)[0] != got.get(i)[0] || !same) {
                    return e.getKey() + " at " + (long) want.get(i)[0] + ": expected " + a + " but got " + b + " at "
                            + (long) got.get(i)[0];
                }
            }
        }
        return null;
    }

    private static List<String> queries() throws IOException {
        try (InputStream in = GatewayIT.class.getResourceAsStream("/gateway-it/queries.promql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
        }
    }
}
