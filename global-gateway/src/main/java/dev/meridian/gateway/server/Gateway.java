package dev.meridian.gateway.server;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import dev.meridian.api.Answer;
import dev.meridian.api.BuildInfo;
import dev.meridian.api.FormParams;
import dev.meridian.api.PrometheusApi;
import dev.meridian.api.QueryParams;
import dev.meridian.api.QueryRequest;
import dev.meridian.gateway.cache.ResultsCache;
import dev.meridian.gateway.region.RegionClient;
import dev.meridian.gateway.server.GatewayBackend.GatewayDefaults;
import dev.meridian.gateway.server.GatewayConfig.RegionEndpoints;
import dev.meridian.gateway.transport.GrpcRegionClient;
import dev.meridian.gateway.transport.RegionClientConfig;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import io.opentelemetry.api.OpenTelemetry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The global gateway: the Prometheus HTTP API (the same as a region's, so a Grafana data source
 * points at either) answered over all regions, plus {@code GET|POST /api/v1/query_explain},
 * which returns a query's distributed plan without running it, and {@code GET /-/healthy}.
 *
 * <p>Each region is a {@link GrpcRegionClient} over its read coordinators (deadline, hedging,
 * circuit breaker, tracing), wrapped in the shared {@link ResultsCache} if one is configured.
 */
public final class Gateway implements AutoCloseable {
    private final List<GrpcRegionClient> clients;
    private final Optional<ResultsCache> cache;
    private final ExecutorService queryExecutor;
    private final ExecutorService evaluationExecutor;
    private final Server server;
    private final String host;

    private Gateway(GatewayConfig config, BuildInfo buildInfo, OpenTelemetry openTelemetry) {
        this.host = config.host();
        this.cache = config.cache().map(ResultsCache::new);
        this.clients = new ArrayList<>();
        List<RegionClient> regions = new ArrayList<>();
        try {
            for (RegionEndpoints region : config.regions()) {
                RegionClientConfig clientConfig = RegionClientConfig.builder(region.name(), region.endpoints())
                        .hedge(config.hedge())
                        .breaker(config.breaker())
                        .build();
                GrpcRegionClient client = GrpcRegionClient.builder(clientConfig).openTelemetry(openTelemetry).build();
                clients.add(client);
                client.start();
                regions.add(cache.<RegionClient>map(c -> c.decorate(client)).orElse(client));
            }
        } catch (RuntimeException e) {
            clients.forEach(GrpcRegionClient::close);
            throw e;
        }
        this.queryExecutor = Executors.newFixedThreadPool(config.queryConcurrency(), daemon("gateway-query"));
        this.evaluationExecutor = Executors.newCachedThreadPool(daemon("gateway-evaluation"));
        GatewayBackend backend = new GatewayBackend(regions, new Engine(EngineConfig.defaults()), config.limits(),
                new GatewayDefaults(config.partialResponse(), config.minRegions(), config.regionTimeout()),
                evaluationExecutor, openTelemetry.getTracer("dev.meridian.gateway"));
        PrometheusApi api = new PrometheusApi(backend, config.limits(), buildInfo, Clock.systemUTC(), queryExecutor);
        QueryParams queryParams = new QueryParams(config.limits(), Clock.systemUTC());
        ServerBuilder sb = Server.builder()
                .http(new InetSocketAddress(config.host(), config.port()))
                .service("/-/healthy", (ctx, req) -> HttpResponse.of(HttpStatus.OK));
        api.bind(sb);
        api.bindExtra(sb, "/api/v1/query_explain", Set.of(HttpMethod.GET, HttpMethod.POST),
                (ctx, params) -> Answer.of(backend.explain(explainRequest(queryParams, params)).toJson()));
        this.server = sb.build();
    }

    /**
     * Starts a gateway and waits until it listens. The regions need not be up: a region that
     * cannot be reached is reported per request, as the partial-response policy says.
     */
    public static Gateway start(GatewayConfig config, String version, OpenTelemetry openTelemetry) {
        requireNonNull(config, "config is null");
        requireNonNull(version, "version is null");
        requireNonNull(openTelemetry, "openTelemetry is null");
        BuildInfo buildInfo = new BuildInfo(version, "unknown", "unknown", "unknown", "unknown", "java" + Runtime.version().feature());
        Gateway gateway = new Gateway(config, buildInfo, openTelemetry);
        try {
            gateway.server.start().join();
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    /** A range query if the request has a {@code step}, else an instant query, parsed as the query endpoints do. */
    private static QueryRequest explainRequest(QueryParams queryParams, FormParams params) {
        return params.value("step").isEmpty() ? queryParams.instant(params) : queryParams.range(params);
    }

    /** The base URL of the Prometheus API, e.g. {@code http://127.0.0.1:9090}. */
    public String queryUrl() {
        return "http://" + host + ":" + server.activeLocalPort();
    }

    public int port() {
        return server.activeLocalPort();
    }

    /** The results cache, if configured. */
    public Optional<ResultsCache> cache() {
        return cache;
    }

    @Override
    public void close() {
        server.stop().join();
        queryExecutor.shutdownNow();
        evaluationExecutor.shutdownNow();
        clients.forEach(GrpcRegionClient::close);
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
