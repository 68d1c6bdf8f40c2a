package dev.meridian.gateway.server;

import static java.util.Objects.requireNonNull;

import dev.meridian.api.Answer;
import dev.meridian.api.ApiBackend;
import dev.meridian.api.ApiErrorType;
import dev.meridian.api.ApiException;
import dev.meridian.api.ApiLimits;
import dev.meridian.api.FormParams;
import dev.meridian.api.MetadataRequest;
import dev.meridian.api.MetricMetadata;
import dev.meridian.api.PreparedQuery;
import dev.meridian.api.QueryOutcome;
import dev.meridian.api.QueryRequest;
import dev.meridian.api.ResponseField;
import dev.meridian.gateway.exec.Coverage;
import dev.meridian.gateway.exec.DistributedEngine;
import dev.meridian.gateway.exec.GatewayListing;
import dev.meridian.gateway.exec.GatewayQueryException;
import dev.meridian.gateway.exec.GatewayResult;
import dev.meridian.gateway.exec.PartialResponse;
import dev.meridian.gateway.exec.QueryCancellation;
import dev.meridian.gateway.exec.QueryPolicy;
import dev.meridian.gateway.plan.DistributedPlan;
import dev.meridian.gateway.region.Metadata;
import dev.meridian.gateway.region.RegionClient;
import dev.meridian.promql.PromqlException;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.labels.Labels;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The gateway's side of the Prometheus API ({@link ApiBackend}): queries and metadata lookups
 * run over all regions by the {@link DistributedEngine}.
 *
 * <p>Request parameters beyond Prometheus' own:
 * <ul>
 *   <li>{@code partial_response=warn|abort}: whether a failed or late region makes the request
 *       fail ({@code abort}) or answer without it, naming it in {@code warnings} ({@code warn});
 *       the default is the configured one;
 *   <li>{@code min_regions=N}: fail unless at least N regions answered (default configured);
 *   <li>{@code explain=true}: add the distributed plan as the {@code explain} field.
 * </ul>
 * Every answer, and every error that got as far as the regions, carries the {@code coverage}
 * field: one entry per region with its status, series, samples, bytes and latency.
 *
 * <p>Each query is one OpenTelemetry trace: a {@code gateway.query} span whose children are the
 * region calls (and, through the regions, their storage fetches).
 */
final class GatewayBackend implements ApiBackend {
    private final List<RegionClient> regions;
    private final Engine engine;
    private final ApiLimits limits;
    private final GatewayDefaults defaults;
    private final Executor executor;
    private final Tracer tracer;

    /**
     * @param engine the gateway's engine; its sample limit and timeout are lowered per request
     * @param executor runs gateway-side parts of distributed queries
     */
    GatewayBackend(List<RegionClient> regions, Engine engine, ApiLimits limits, GatewayDefaults defaults,
            Executor executor, Tracer tracer) {
        this.regions = List.copyOf(requireNonNull(regions, "regions is null"));
        this.engine = requireNonNull(engine, "engine is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.defaults = requireNonNull(defaults, "defaults is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.tracer = requireNonNull(tracer, "tracer is null");
    }

    /** The partial-response policy and minimum regions of a request, with the regions' deadline. */
    record GatewayDefaults(PartialResponse partialResponse, int minRegions, Duration regionTimeout) {
        GatewayDefaults {
            requireNonNull(partialResponse, "partialResponse is null");
            requireNonNull(regionTimeout, "regionTimeout is null");
            if (minRegions < 0) {
                throw new IllegalArgumentException("minRegions must be >= 0 (got: " + minRegions + ")");
            }
        }
    }

    @Override
    public PreparedQuery query(QueryRequest request) {
        requireNonNull(request, "request is null");
        QueryPolicy policy = policy(request.params(), request.timeoutNanos());
        boolean explain = explainParam(request.params());
        long step = request.instant() ? 0 : request.stepMillis();
        DistributedEngine distributed = engine(request.timeoutNanos());
        QueryCancellation cancellation = new QueryCancellation();
        return new PreparedQuery() {
            @Override
            public Answer<QueryOutcome> execute() {
                Span span = tracer.spanBuilder("gateway.query").setSpanKind(SpanKind.SERVER)
                        .setAttribute("promql.query", request.expr().toString())
                        .setAttribute("promql.start_ms", request.startMillis())
                        .setAttribute("promql.end_ms", request.endMillis())
                        .setAttribute("promql.step_ms", step)
                        .startSpan();
                try (Scope ignored = span.makeCurrent()) {
                    GatewayResult result = distributed.query(request.expr(), request.startMillis(), request.endMillis(),
                            step, policy, cancellation);
                    List<ResponseField> fields = new ArrayList<>();
                    fields.add(coverageField(result.coverage()));
                    if (explain) {
                        fields.add(new ResponseField("explain", result.plan().toJson()));
                    }
                    span.setAttribute("gateway.warnings", result.warnings().size());
                    return new Answer<>(new QueryOutcome(result.value(), result.samplesRead(), 0), result.warnings(), fields);
                } catch (GatewayQueryException e) {
                    span.setStatus(StatusCode.ERROR, e.getMessage());
                    throw toApi(e);
                } catch (PromqlException e) {
                    span.setStatus(StatusCode.ERROR, e.getMessage());
                    throw e;
                } finally {
                    span.end();
                }
            }

            @Override
            public void cancel() {
                cancellation.cancel("the client went away");
            }
        };
    }

    /** The distributed plan of a query, for {@code /api/v1/query_explain}. */
    DistributedPlan explain(QueryRequest request) {
        try {
            return engine(request.timeoutNanos()).explain(request.expr(), request.startMillis(), request.endMillis(),
                    request.instant() ? 0 : request.stepMillis());
        } catch (GatewayQueryException e) {
            throw toApi(e);
        }
    }

    @Override
    public Answer<List<Labels>> series(MetadataRequest request) {
        return listing(request.params(), policy -> engine(policy.timeout().toNanos()).series(request.matcherSets(),
                request.startMillis(), request.endMillis(), policy), Function.identity());
    }

    @Override
    public Answer<List<String>> labelNames(MetadataRequest request) {
        return listing(request.params(), policy -> engine(policy.timeout().toNanos()).labelNames(request.matcherSets(),
                request.startMillis(), request.endMillis(), policy), Function.identity());
    }

    @Override
    public Answer<List<String>> labelValues(String name, MetadataRequest request) {
        return listing(request.params(), policy -> engine(policy.timeout().toNanos()).labelValues(name,
                request.matcherSets(), request.startMillis(), request.endMillis(), policy), Function.identity());
    }

    @Override
    public Answer<List<MetricMetadata>> metadata(String metric) {
        return listing(FormParams.of("", null), policy -> engine(policy.timeout().toNanos()).metadata(metric, policy),
                GatewayBackend::toApiMetadata);
    }

    private <T, R> Answer<List<R>> listing(FormParams params, Function<QueryPolicy, GatewayListing<T>> call,
            Function<T, R> convert) {
        QueryPolicy policy = policy(params, limits.queryTimeout().toNanos());
        try {
            GatewayListing<T> listing = call.apply(policy);
            List<R> items = new ArrayList<>(listing.items().size());
            for (T item : listing.items()) {
                items.add(convert.apply(item));
            }
            return new Answer<>(items, listing.warnings(), List.of(coverageField(listing.coverage())));
        } catch (GatewayQueryException e) {
            throw toApi(e);
        }
    }

    private DistributedEngine engine(long timeoutNanos) {
        EngineConfig base = engine.config();
        Engine perRequest = new Engine(new EngineConfig(base.lookbackDelta(), Math.min(base.maxSamples(), limits.maxSamples()),
                Duration.ofNanos(Math.min(timeoutNanos, base.timeout().toNanos())), base.defaultSubqueryStep(),
                base.batchSize()));
        return new DistributedEngine(regions, perRequest, executor);
    }

    /** The request's policy: its parameters or the defaults; regions get the lesser of their deadline and the query's. */
    private QueryPolicy policy(FormParams params, long queryTimeoutNanos) {
        PartialResponse partial = defaults.partialResponse();
        String text = params.value("partial_response");
        if (!text.isEmpty()) {
            partial = switch (text.toLowerCase(Locale.ROOT)) {
                case "warn", "true" -> PartialResponse.WARN;
                case "abort", "false" -> PartialResponse.ABORT;
                default -> throw ApiException.invalidParameter("partial_response",
                        "expected warn or abort (got: \"" + text + "\")");
            };
        }
        int minRegions = defaults.minRegions();
        String min = params.value("min_regions");
        if (!min.isEmpty()) {
            try {
                minRegions = Integer.parseInt(min);
            } catch (NumberFormatException e) {
                minRegions = -1;
            }
            if (minRegions < 0 || minRegions > regions.size()) {
                throw ApiException.invalidParameter("min_regions",
                        "expected a whole number from 0 to " + regions.size() + " (got: \"" + min + "\")");
            }
        }
        long timeout = Math.min(queryTimeoutNanos, defaults.regionTimeout().toNanos());
        return new QueryPolicy(Duration.ofNanos(Math.max(timeout, 1)), partial, minRegions);
    }

    private static boolean explainParam(FormParams params) {
        String text = params.value("explain");
        return switch (text) {
            case "", "false", "0" -> false;
            case "true", "1" -> true;
            default -> throw ApiException.invalidParameter("explain", "expected true or false (got: \"" + text + "\")");
        };
    }

    private static ResponseField coverageField(Coverage coverage) {
        return new ResponseField("coverage", coverage.toJson());
    }

    private static ApiException toApi(GatewayQueryException e) {
        ApiErrorType type = switch (e.kind()) {
            case BAD_DATA -> ApiErrorType.BAD_DATA;
            case EXECUTION -> ApiErrorType.EXECUTION;
            case UNAVAILABLE -> ApiErrorType.UNAVAILABLE;
            case TIMEOUT -> ApiErrorType.TIMEOUT;
            case CANCELED -> ApiErrorType.CANCELED;
            case INTERNAL -> ApiErrorType.INTERNAL;
        };
        List<ResponseField> fields = e.coverage() == null ? List.of() : List.of(coverageField(e.coverage()));
        return new ApiException(type, e.getMessage(), fields);
    }

    private static MetricMetadata toApiMetadata(Metadata m) {
        MetricMetadata.Type type;
        try {
            type = MetricMetadata.Type.valueOf(m.type().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            type = MetricMetadata.Type.UNKNOWN;
        }
        return new MetricMetadata(m.family(), type, m.help(), m.unit());
    }
}
