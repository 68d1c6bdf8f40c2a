package dev.meridian.gateway.transport;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import com.google.protobuf.MessageLite;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.circuitbreaker.CircuitBreaker;
import com.linecorp.armeria.client.circuitbreaker.CircuitState;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.CommonPools;
import com.linecorp.armeria.common.SessionProtocol;
import dev.meridian.gateway.region.CallOptions;
import dev.meridian.gateway.region.Listing;
import dev.meridian.gateway.region.Metadata;
import dev.meridian.gateway.region.QueryResult;
import dev.meridian.gateway.region.RegionClient;
import dev.meridian.gateway.region.RegionException;
import dev.meridian.gateway.region.RegionException.Kind;
import dev.meridian.gateway.region.RegionInfo;
import dev.meridian.gateway.region.RegionQuery;
import dev.meridian.gateway.region.StoreQuery;
import dev.meridian.gateway.region.StoreResult;
import dev.meridian.gateway.trace.RegionCallSpan;
import dev.meridian.gateway.trace.RegionCallTracer;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.proto.region.InfoRequest;
import dev.meridian.proto.region.LabelNamesRequest;
import dev.meridian.proto.region.LabelValuesRequest;
import dev.meridian.proto.region.MetadataRequest;
import dev.meridian.proto.region.QueryRequest;
import dev.meridian.proto.region.RegionGrpc;
import dev.meridian.proto.region.SeriesRequest;
import dev.meridian.proto.region.StoreRequest;
import dev.meridian.tracing.GrpcClientTracing;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A region reached over gRPC (region.proto's {@code Region} service) at one or more of its read
 * coordinators. See global-gateway/docs/region-client.md.
 *
 * <p>Every call:
 * <ol>
 *   <li>fails with TIMEOUT at once if its deadline already passed;
 *   <li>starts a CLIENT span ({@code region.Query}, ...) as a child of the caller's current
 *       OpenTelemetry context and sends the span's W3C trace context to the region;
 *   <li>fails with CIRCUIT_OPEN, without reaching the region, while the region's circuit breaker
 *       is open;
 *   <li>goes to the next endpoint in rotation with the remaining time as its gRPC deadline, with
 *       a hedge (Query and Store only) and a failover to a second endpoint as {@link RegionCall}
 *       describes;
 *   <li>reports its outcome to the breaker (only region faults count as failures) and the span.
 * </ol>
 *
 * <p>Futures complete on Armeria's event loops: callers should not block in their callbacks.
 * Cancelling a returned future cancels the call at the region.
 *
 * <p>{@link #info()} is what the region said in its last successful Info call; the client asks
 * again every {@link RegionClientConfig#infoRefreshInterval()} once {@link #start() started}.
 * Until the first answer it is a placeholder that never prunes the region: the configured name,
 * {@code region=<name>}, all of time, and Prometheus' default 5m lookback.
 */
public final class GrpcRegionClient implements RegionClient, AutoCloseable {
    /** Prometheus' default lookback delta, assumed until the region says otherwise. */
    public static final long DEFAULT_LOOKBACK_MILLIS = Duration.ofMinutes(5).toMillis();

    private static final Logger logger = Logger.getLogger(GrpcRegionClient.class.getName());
    /** The OpenTelemetry context a call's region work belongs to, sent as W3C {@code traceparent} (region.proto). */
    private static final io.grpc.CallOptions.Key<Context> TRACE_CONTEXT =
            io.grpc.CallOptions.Key.create("meridian-otel-context");

    private final RegionClientConfig config;
    private final String region;
    private final List<String> endpointNames;
    private final List<RegionGrpc.RegionStub> stubs;
    private final ClientFactory factory;
    private final boolean ownsFactory;
    private final ScheduledExecutorService scheduler;
    private final RegionCallTracer tracer;
    private final CircuitBreaker breaker;
    private final LatencyWindow latencies;
    private final AtomicInteger nextEndpoint = new AtomicInteger();
    private final AtomicReference<RegionInfo> info;
    private final AtomicReference<ScheduledFuture<?>> refresher = new AtomicReference<>();

    private GrpcRegionClient(Builder builder) {
        this.config = builder.config;
        this.region = config.region();
        this.ownsFactory = builder.factory == null;
        this.factory = ownsFactory ? ClientFactory.builder().build() : builder.factory;
        this.scheduler = builder.scheduler;
        this.tracer = new RegionCallTracer(builder.openTelemetry);
        this.breaker = config.breaker().newBreaker("region-" + region);
        this.latencies = new LatencyWindow(config.hedge() instanceof HedgePolicy.Percentile p ? p.window() : 100);
        // The context is passed with each attempt: a hedged attempt starts on a timer thread, long
        // after the caller's scope closed.
        GrpcClientTracing traceContext = new GrpcClientTracing(TRACE_CONTEXT);
        List<String> names = new ArrayList<>();
        List<RegionGrpc.RegionStub> built = new ArrayList<>();
        for (Endpoint endpoint : config.parsedEndpoints()) {
            names.add(endpoint.authority());
            built.add(GrpcClients.builder(SessionProtocol.HTTP, endpoint)
                    .factory(factory)
                    // Each call carries its own deadline; no client-wide timeout on top of it.
                    .responseTimeout(Duration.ZERO)
                    // Query and Store stream many messages: limit each message, not the answer.
                    .maxResponseLength(0)
                    .maxResponseMessageLength(config.maxResponseMessageBytes())
                    .intercept(traceContext)
                    .build(RegionGrpc.RegionStub.class));
        }
        this.endpointNames = List.copyOf(names);
        this.stubs = List.copyOf(built);
        this.info = new AtomicReference<>(new RegionInfo(region, Labels.of("region", region), Long.MIN_VALUE,
                Long.MAX_VALUE, DEFAULT_LOOKBACK_MILLIS));
    }

    /** A builder for a client of the region {@code config} describes. */
    public static Builder builder(RegionClientConfig config) {
        return new Builder(config);
    }

    /**
     * Asks the region for its Info now and then every {@link
     * RegionClientConfig#infoRefreshInterval()}; returns the first answer. A caller that wants to
     * start with real region info waits on it briefly; a failure leaves the placeholder in place
     * and the refreshes go on.
     *
     * @throws IllegalStateException if already started
     */
    public CompletableFuture<RegionInfo> start() {
        long interval = config.infoRefreshInterval().toNanos();
        ScheduledFuture<?> task = scheduler.scheduleWithFixedDelay(this::refreshInBackground, interval, interval,
                NANOSECONDS);
        if (!refresher.compareAndSet(null, task)) {
            task.cancel(false);
            throw new IllegalStateException("region client " + region + " already started");
        }
        return refreshInfo();
    }

    /**
     * Asks the region for its Info (with failover to a second endpoint) and makes the answer
     * {@link #info()}. Fails with INTERNAL if the endpoint says it is another region.
     */
    public CompletableFuture<RegionInfo> refreshInfo() {
        long deadline = System.nanoTime() + config.infoTimeout().toNanos();
        RegionCall<RegionInfo> call = new RegionCall<>(region, rotation(), endpointNames, OptionalLong.empty(), deadline,
                scheduler, endpoint -> attempt(endpoint, "Info", deadline, Context.root(),
                        new UnaryReader<dev.meridian.proto.region.RegionInfo, RegionInfo>(WireMapping::fromWire),
                        (stub, observer) -> stub.info(InfoRequest.getDefaultInstance(), observer)),
                latency -> {});
        CompletableFuture<RegionInfo> out = new CompletableFuture<>();
        call.start().whenComplete((answer, failure) -> {
            if (failure != null) {
                out.completeExceptionally(asRegionException(failure));
                return;
            }
            RegionInfo got = answer.value();
            if (!got.name().equals(region)) {
                out.completeExceptionally(new RegionException(region, Kind.INTERNAL,
                        "endpoint " + endpointNames.get(answer.endpoint()) + " says it is region " + got.name()));
                return;
            }
            info.set(got);
            out.complete(got);
        });
        return out;
    }

    private void refreshInBackground() {
        refreshInfo().whenComplete((got, failure) -> {
            if (failure != null) {
                logger.log(Level.FINE, failure, () -> "region " + region + ": Info refresh failed");
            }
        });
    }

    @Override
    public String name() {
        return region;
    }

    @Override
    public RegionInfo info() {
        return info.get();
    }

    /** The state of the region's circuit breaker. */
    public CircuitState circuitState() {
        return breaker.circuitState();
    }

    @Override
    public CompletableFuture<QueryResult> query(RegionQuery query, CallOptions options) {
        requireNonNull(query, "query is null");
        QueryRequest request = QueryRequest.newBuilder()
                .setExpr(query.expr())
                .setStartMs(query.start())
                .setEndMs(query.end())
                .setStepMs(query.step())
                .build();
        Attributes attributes = Attributes.builder()
                .put(RegionCallTracer.EXPR, query.expr())
                .put(RegionCallTracer.START, query.start())
                .put(RegionCallTracer.END, query.end())
                .put(RegionCallTracer.STEP, query.step())
                .build();
        return call("Query", options, attributes, true, QueryReader::new, (stub, observer) -> stub.query(request, observer),
                result -> result.series().size(), QueryResult::wireBytes);
    }

    @Override
    public CompletableFuture<StoreResult> store(StoreQuery query, CallOptions options) {
        requireNonNull(query, "query is null");
        StoreRequest request = StoreRequest.newBuilder()
                .addAllMatchers(WireMapping.toWire(query.matchers()))
                .setStartMs(query.start())
                .setEndMs(query.end())
                .setHints(WireMapping.toWire(query.hints()))
                .build();
        Attributes attributes = Attributes.builder()
                .put(RegionCallTracer.MATCHERS, query.matchers().toString())
                .put(RegionCallTracer.START, query.start())
                .put(RegionCallTracer.END, query.end())
                .put(RegionCallTracer.STEP, query.hints().step())
                .build();
        return call("Store", options, attributes, true, () -> new StoreReader(query.start(), query.end()),
                (stub, observer) -> stub.store(request, observer), result -> result.series().size(), StoreResult::wireBytes);
    }

    @Override
    public CompletableFuture<Listing<Labels>> series(List<List<LabelMatcher>> matcherSets, long start, long end,
            CallOptions options) {
        SeriesRequest request = SeriesRequest.newBuilder()
                .addAllMatcherSets(WireMapping.toWireSets(requireNonNull(matcherSets, "matcherSets is null")))
                .setStartMs(start)
                .setEndMs(end)
                .build();
        return call("Series", options, rangeAttributes(matcherSets, start, end), false, SeriesReader::new,
                (stub, observer) -> stub.series(request, observer), listing -> listing.items().size(), listing -> 0);
    }

    @Override
    public CompletableFuture<Listing<String>> labelNames(List<List<LabelMatcher>> matcherSets, long start, long end,
            CallOptions options) {
        LabelNamesRequest request = LabelNamesRequest.newBuilder()
                .addAllMatcherSets(WireMapping.toWireSets(requireNonNull(matcherSets, "matcherSets is null")))
                .setStartMs(start)
                .setEndMs(end)
                .build();
        return call("LabelNames", options, rangeAttributes(matcherSets, start, end), false,
                () -> new UnaryReader<dev.meridian.proto.region.LabelNamesResponse, Listing<String>>(
                        response -> new Listing<>(response.getNamesList(), response.getWarningsList())),
                (stub, observer) -> stub.labelNames(request, observer), listing -> listing.items().size(), listing -> 0);
    }

    @Override
    public CompletableFuture<Listing<String>> labelValues(String name, List<List<LabelMatcher>> matcherSets, long start,
            long end, CallOptions options) {
        LabelValuesRequest request = LabelValuesRequest.newBuilder()
                .setName(requireNonNull(name, "name is null"))
                .addAllMatcherSets(WireMapping.toWireSets(requireNonNull(matcherSets, "matcherSets is null")))
                .setStartMs(start)
                .setEndMs(end)
                .build();
        return call("LabelValues", options, rangeAttributes(matcherSets, start, end), false,
                () -> new UnaryReader<dev.meridian.proto.region.LabelValuesResponse, Listing<String>>(
                        response -> new Listing<>(response.getValuesList(), response.getWarningsList())),
                (stub, observer) -> stub.labelValues(request, observer), listing -> listing.items().size(), listing -> 0);
    }

    @Override
    public CompletableFuture<Listing<Metadata>> metadata(String metric, CallOptions options) {
        MetadataRequest request = MetadataRequest.newBuilder().setMetric(requireNonNull(metric, "metric is null")).build();
        Attributes attributes = metric.isEmpty() ? Attributes.empty() : Attributes.of(RegionCallTracer.METRIC, metric);
        return call("Metadata", options, attributes, false,
                () -> new UnaryReader<dev.meridian.proto.region.MetadataResponse, Listing<Metadata>>(
                        response -> new Listing<>(response.getMetadataList().stream().map(WireMapping::fromWire).toList(),
                                List.of())),
                (stub, observer) -> stub.metadata(request, observer), listing -> listing.items().size(), listing -> 0);
    }

    private static Attributes rangeAttributes(List<List<LabelMatcher>> matcherSets, long start, long end) {
        return Attributes.builder()
                .put(RegionCallTracer.MATCHERS, matcherSets.toString())
                .put(RegionCallTracer.START, start)
                .put(RegionCallTracer.END, end)
                .build();
    }

    /** Invokes one method of a stub with an observer. */
    @FunctionalInterface
    private interface StubCall<M> {
        void invoke(RegionGrpc.RegionStub stub, StreamObserver<M> observer);
    }

    private <M extends MessageLite, T> CompletableFuture<T> call(String method, CallOptions options,
            Attributes attributes, boolean hedged, Supplier<ResponseReader<M, T>> readers, StubCall<M> invoke,
            ToLongFunction<T> seriesCount, ToLongFunction<T> wireBytes) {
        requireNonNull(options, "options is null");
        RegionCallSpan span = tracer.start(method, region, attributes);
        long remaining = options.remainingNanos();
        if (remaining <= 0) {
            RegionException timeout = new RegionException(region, Kind.TIMEOUT,
                    "the deadline passed " + (-remaining / 1_000_000) + "ms before the call was made");
            span.failed(timeout);
            return CompletableFuture.failedFuture(timeout);
        }
        if (!breaker.canRequest()) {
            RegionException open = new RegionException(region, Kind.CIRCUIT_OPEN,
                    "circuit breaker open after too many failures; the call was not made");
            span.failed(open);
            return CompletableFuture.failedFuture(open);
        }
        OptionalLong hedgeDelay = hedged ? config.hedge().delayNanos(latencies) : OptionalLong.empty();
        LongConsumer latencySink = hedged ? latencies::record : latency -> {};
        RegionCall<T> regionCall = new RegionCall<>(region, rotation(), endpointNames, hedgeDelay, options.deadlineNanos(),
                scheduler, endpoint -> attempt(endpoint, method, options.deadlineNanos(), span.context(), readers.get(),
                        invoke),
                latencySink);
        CompletableFuture<RegionCall.Answer<T>> answer = regionCall.start();
        CompletableFuture<T> out = new CompletableFuture<>();
        answer.whenComplete((done, failure) -> {
            if (failure == null) {
                breaker.onSuccess();
                span.succeeded(endpointNames.get(done.endpoint()), done.hedged(), seriesCount.applyAsLong(done.value()),
                        wireBytes.applyAsLong(done.value()));
                out.complete(done.value());
                return;
            }
            RegionException error = asRegionException(failure);
            if (error.kind().isRegionFault()) {
                breaker.onFailure();
            }
            span.failed(error);
            out.completeExceptionally(error);
        });
        out.whenComplete((value, failure) -> {
            if (failure instanceof CancellationException) {
                answer.cancel(true);
            }
        });
        return out;
    }

    private <M extends MessageLite, T> CompletableFuture<T> attempt(int endpoint, String method, long deadlineNanos,
            Context context, ResponseReader<M, T> reader, StubCall<M> invoke) {
        CallObserver<Object, M, T> observer = new CallObserver<>(region, endpointNames.get(endpoint), method, reader);
        RegionGrpc.RegionStub stub = stubs.get(endpoint)
                .withDeadlineAfter(deadlineNanos - System.nanoTime(), NANOSECONDS)
                .withOption(TRACE_CONTEXT, context);
        invoke.invoke(stub, observer);
        return observer.result();
    }

    /** The endpoints of the next call: the next in rotation, then the one after it if any. */
    private int[] rotation() {
        int n = stubs.size();
        int primary = Math.floorMod(nextEndpoint.getAndIncrement(), n);
        return n == 1 ? new int[] {primary} : new int[] {primary, (primary + 1) % n};
    }

    private RegionException asRegionException(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof RegionException regionException) {
            return regionException;
        }
        if (cause instanceof CancellationException) {
            return new RegionException(region, Kind.CANCELED, "", "the call was canceled", cause);
        }
        return new RegionException(region, Kind.INTERNAL, "", "the call failed unexpectedly: " + cause, cause);
    }

    /** Stops the Info refreshes and, unless the factory was given, closes the connections. */
    @Override
    public void close() {
        ScheduledFuture<?> task = refresher.getAndSet(null);
        if (task != null) {
            task.cancel(false);
        }
        if (ownsFactory) {
            factory.close();
        }
    }

    @Override
    public String toString() {
        return "GrpcRegionClient{" + region + " at " + endpointNames + "}";
    }

    /** Builds a {@link GrpcRegionClient}. */
    public static final class Builder {
        private final RegionClientConfig config;
        private OpenTelemetry openTelemetry = OpenTelemetry.noop();
        private ScheduledExecutorService scheduler = CommonPools.workerGroup();
        private ClientFactory factory;

        private Builder(RegionClientConfig config) {
            this.config = requireNonNull(config, "config is null");
        }

        /** Where the call spans go. Default: {@link OpenTelemetry#noop()} (the trace context still propagates). */
        public Builder openTelemetry(OpenTelemetry openTelemetry) {
            this.openTelemetry = requireNonNull(openTelemetry, "openTelemetry is null");
            return this;
        }

        /** Runs deadline, hedge and Info timers. Default: Armeria's worker event loops. */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = requireNonNull(scheduler, "scheduler is null");
            return this;
        }

        /**
         * Shares connections (and event loops) with other clients; the client then does not
         * close it. Default: a factory of its own, closed by {@link #close()}.
         */
        public Builder clientFactory(ClientFactory factory) {
            this.factory = requireNonNull(factory, "factory is null");
            return this;
        }

        public GrpcRegionClient build() {
            return new GrpcRegionClient(this);
        }
    }
}
