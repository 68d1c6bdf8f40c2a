package dev.meridian.coordinator.region;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.util.TimeoutMode;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.grpc.GrpcService;
import dev.meridian.api.ApiLimits;
import dev.meridian.api.LimitExceededException;
import dev.meridian.api.MetadataSource;
import dev.meridian.api.SeriesLimitQueryable;
import dev.meridian.coordinator.remoteread.ChunkedSeriesEncoder;
import dev.meridian.api.MetricMetadata;
import dev.meridian.promql.ErrorCode;
import dev.meridian.promql.PromqlException;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.ValueType;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.engine.Query;
import dev.meridian.promql.engine.QueryResult;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.parser.Parser;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.Queryable;
import dev.meridian.promql.storage.SampleIterator;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.storage.Series;
import dev.meridian.promql.storage.SeriesSet;
import dev.meridian.promql.syntax.Durations;
import dev.meridian.promql.value.Matrix;
import dev.meridian.promql.value.RangeSeries;
import dev.meridian.promql.value.Sample;
import dev.meridian.promql.value.Scalar;
import dev.meridian.promql.value.StringValue;
import dev.meridian.promql.value.Value;
import dev.meridian.promql.value.Vector;
import dev.meridian.proto.region.InfoRequest;
import dev.meridian.proto.region.LabelNamesRequest;
import dev.meridian.proto.region.LabelNamesResponse;
import dev.meridian.proto.region.LabelSet;
import dev.meridian.proto.region.LabelValuesRequest;
import dev.meridian.proto.region.LabelValuesResponse;
import dev.meridian.proto.region.MetadataRequest;
import dev.meridian.proto.region.MetadataResponse;
import dev.meridian.proto.region.QueryRequest;
import dev.meridian.proto.region.QueryResponse;
import dev.meridian.proto.region.RegionGrpc;
import dev.meridian.proto.region.RegionInfo;
import dev.meridian.proto.region.SeriesPoints;
import dev.meridian.proto.region.SeriesRequest;
import dev.meridian.proto.region.SeriesResponse;
import dev.meridian.proto.region.StoreRequest;
import dev.meridian.proto.region.StoreResponse;
import dev.meridian.proto.remote.ChunkedSeries;
import dev.meridian.storage.TimeRange;
import dev.meridian.tracing.GrpcServerTracing;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The region side of the global gateway protocol: the {@code meridian.region.Region} gRPC service
 * of region.proto over a region's read path — the same {@link Queryable} (in production the
 * coordinator's {@code ReplicatedQueryable}), {@link Engine}, {@link ApiLimits}, metadata and
 * query executor as the Prometheus HTTP API, so a region answers the gateway exactly as it answers
 * Grafana. {@link #bind} mounts it on the coordinator's Armeria server, next to the HTTP API on the
 * same port. Calls, limits, batching, errors and tracing: {@code
 * regional-stack/coordinator/docs/region-api.md}.
 *
 * <p>What it relies on from region.proto's contract:
 * <ul>
 *   <li><b>Info</b>: {@code name} and {@code external_labels} (sorted by name, with {@code
 *       region}) from the {@link RegionIdentity}; {@code min_time_ms}/{@code max_time_ms} from the
 *       {@link TimeRangeSource} (bounds, not exact times; {@code min > max} when the region holds
 *       nothing); {@code lookback_delta_ms} is the engine's lookback, which the gateway compares
 *       with its own before pushing a plan down.
 *   <li><b>Query</b>: {@code expr} must parse and be of instant-vector type (a scalar, string or
 *       range vector is INVALID_ARGUMENT). {@code step_ms > 0} is a range query over {@code
 *       [start_ms, end_ms]}; {@code step_ms = 0} an instant query at {@code start_ms}, which must
 *       equal {@code end_ms}. The limits are the HTTP API's: at most {@code maxSeries} series
 *       selected, {@code maxSamples} samples in memory, {@code maxRange} for a range query, 11,000
 *       points per series, and a timeout of {@code queryTimeout} lowered to what is left of the
 *       call's deadline. Result series are exactly the expression's result in this region: the
 *       stored series carry the external labels, and an expression that drops them (e.g. the
 *       partial {@code sum by (job)} the gateway pushes down) returns series without them, which
 *       the gateway merges across regions. Series stream in {@link MessageLimits batches} (a series is never split);
 *       warnings and {@code samples_read} come in the final message, the only one with {@code
 *       last = true}. A range result is in label order; an instant result in the engine's
 *       order (which {@code sort()} and {@code topk()} define).
 *   <li><b>Store</b>: the series matching all {@code matchers} (at least one of which must not
 *       match the empty string) with their samples in {@code [start_ms, end_ms]}, in label order,
 *       as Prometheus XOR chunks of at most 120 samples ({@link ChunkedSeriesEncoder}, remote
 *       read's encoder), one whole series per {@code ChunkedSeries}, batched as Query's; series
 *       without samples in the range are left out. {@code hints} are advice to the storage.
 *       Limits: {@code maxSeries}, {@code maxSamples} (samples sent), {@code maxRange}.
 *   <li><b>Series</b>: the union of the series matching any matcher set, in label order, batched;
 *       at least one set, each with a matcher that does not match the empty string; {@code
 *       maxSeries} and {@code maxRange}. <b>LabelNames</b>/<b>LabelValues</b>: the union over the
 *       sets (all series without sets), sorted; {@code maxRange}. <b>Metadata</b>: the region's
 *       metric metadata, one entry per distinct (family, type, help, unit), sorted by family,
 *       only family {@code metric} if that is set.
 *   <li><b>Errors</b>: a gRPC status with the trailer {@value #ERROR_TYPE_TRAILER} holding the
 *       Prometheus errorType ({@link RegionStatuses} is the one place that maps them). Times are
 *       milliseconds since the epoch, ranges inclusive at both ends.
 *   <li><b>Tracing</b>: every call runs in a SERVER span {@code region.<Method>} continuing the
 *       W3C {@code traceparent} the caller sent as metadata ({@link GrpcServerTracing}); the work
 *       runs on the executor with that span's context current, so storage reads made for it
 *       (when the queryable's node calls are traced and their executor propagates the context)
 *       are its children.
 * </ul>
 *
 * <p>Every call runs on {@code executor}, never on the event loop; a client that cancels (or whose
 * deadline passes) cancels its engine query, and the streams follow the client's flow control.
 * A call without a deadline may run for the query timeout plus 10 seconds before Armeria ends it.
 */
public final class RegionService extends RegionGrpc.RegionImplBase {
    /** The trailer that carries a failure's Prometheus errorType, e.g. {@code bad_data}. */
    public static final String ERROR_TYPE_TRAILER = "meridian-error-type";

    /** Prometheus' cap on points per series of a range query, as the HTTP API's. */
    static final long MAX_POINTS = 11_000;

    /** Armeria's timeout of a call without a deadline: the query timeout plus this, so the query's own timeout answers first. */
    private static final Duration REQUEST_TIMEOUT_MARGIN = Duration.ofSeconds(10);
    private static final long NO_DEADLINE = Long.MIN_VALUE;
    private static final String INSTRUMENTATION_SCOPE = "dev.meridian.coordinator.region";

    private static final AttributeKey<String> EXPR = AttributeKey.stringKey("meridian.query.expr");
    private static final AttributeKey<Long> START = AttributeKey.longKey("meridian.query.start_ms");
    private static final AttributeKey<Long> END = AttributeKey.longKey("meridian.query.end_ms");
    private static final AttributeKey<Long> STEP = AttributeKey.longKey("meridian.query.step_ms");
    private static final AttributeKey<String> MATCHERS = AttributeKey.stringKey("meridian.query.matchers");
    private static final AttributeKey<Long> SERIES_RETURNED = AttributeKey.longKey("meridian.query.series");
    private static final AttributeKey<Long> SAMPLES_READ = AttributeKey.longKey("meridian.query.samples_read");

    private final RegionIdentity identity;
    private final TimeRangeSource timeRange;
    private final Queryable queryable;
    private final Engine engine;
    private final ApiLimits limits;
    private final MetadataSource metadata;
    private final Executor executor;
    private final MessageLimits messageLimits;

    /**
     * @param identity the region's name and external labels
     * @param timeRange what Info reports as the time range the region holds
     * @param queryable the region's data (in production the read path's {@code ReplicatedQueryable})
     * @param engine the PromQL engine; its lookback, subquery step and batch size are used as they
     *     are, its sample limit and timeout only if lower than {@code limits}'
     * @param limits the query limits, the same as the HTTP API's
     * @param metadata the region's metric metadata
     * @param executor runs every call (they block); must not be an event loop
     */
    public RegionService(RegionIdentity identity, TimeRangeSource timeRange, Queryable queryable, Engine engine, ApiLimits limits,
            MetadataSource metadata, Executor executor) {
        this(identity, timeRange, queryable, engine, limits, metadata, executor, MessageLimits.DEFAULT);
    }

    RegionService(RegionIdentity identity, TimeRangeSource timeRange, Queryable queryable, Engine engine, ApiLimits limits,
            MetadataSource metadata, Executor executor, MessageLimits messageLimits) {
        this.identity = requireNonNull(identity, "identity is null");
        this.timeRange = requireNonNull(timeRange, "timeRange is null");
        this.queryable = requireNonNull(queryable, "queryable is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.messageLimits = requireNonNull(messageLimits, "messageLimits is null");
    }

    /**
     * Mounts the service on {@code sb} (gRPC over HTTP/2 at {@code /meridian.region.Region/*}),
     * each call in a span of {@code openTelemetry}'s tracer.
     */
    public void bind(ServerBuilder sb, OpenTelemetry openTelemetry) {
        requireNonNull(sb, "sb is null");
        requireNonNull(openTelemetry, "openTelemetry is null");
        sb.service(GrpcService.builder()
                .addService(this)
                .intercept(new GrpcServerTracing(openTelemetry.getTracer(INSTRUMENTATION_SCOPE), "region"))
                .build());
    }

    // ---- Calls ---------------------------------------------------------------------------------

    @Override
    public void info(InfoRequest request, StreamObserver<RegionInfo> responses) {
        unary(responses, () -> {
            TimeRange range = timeRange.timeRange();
            return RegionInfo.newBuilder()
                    .setName(identity.name())
                    .addAllExternalLabels(RegionMessages.labels(identity.externalLabels().labels()))
                    .setMinTimeMs(range.minTime())
                    .setMaxTimeMs(range.maxTime())
                    .setLookbackDeltaMs(engine.config().lookbackDelta().toMillis())
                    .build();
        });
    }

    @Override
    public void query(QueryRequest request, StreamObserver<QueryResponse> responses) {
        streaming(responses, (stream, deadline) -> evaluate(request, stream, deadline));
    }

    @Override
    public void store(StoreRequest request, StreamObserver<StoreResponse> responses) {
        streaming(responses, (stream, deadline) -> store(request, stream));
    }

    @Override
    public void series(SeriesRequest request, StreamObserver<SeriesResponse> responses) {
        streaming(responses, (stream, deadline) -> series(request, stream));
    }

    @Override
    public void labelNames(LabelNamesRequest request, StreamObserver<LabelNamesResponse> responses) {
        unary(responses, () -> {
            List<List<LabelMatcher>> sets = RegionMessages.matcherSets(request.getMatcherSetsList());
            checkRange(request.getStartMs(), request.getEndMs());
            TreeSet<String> names = new TreeSet<>(Labels.NAME_ORDER);
            try (Querier querier = queryable.querier(request.getStartMs(), request.getEndMs())) {
                if (sets.isEmpty()) {
                    names.addAll(querier.labelNames(List.of()));
                }
                for (List<LabelMatcher> set : sets) {
                    names.addAll(querier.labelNames(set));
                }
            }
            return LabelNamesResponse.newBuilder().addAllNames(names).build();
        });
    }

    @Override
    public void labelValues(LabelValuesRequest request, StreamObserver<LabelValuesResponse> responses) {
        unary(responses, () -> {
            String name = request.getName();
            if (!Labels.isValidName(name)) {
                throw RegionMessages.invalid("name must be a label name, [a-zA-Z_][a-zA-Z0-9_]* (got: \"" + name + "\")");
            }
            List<List<LabelMatcher>> sets = RegionMessages.matcherSets(request.getMatcherSetsList());
            checkRange(request.getStartMs(), request.getEndMs());
            TreeSet<String> values = new TreeSet<>(Labels.NAME_ORDER);
            try (Querier querier = queryable.querier(request.getStartMs(), request.getEndMs())) {
                if (sets.isEmpty()) {
                    values.addAll(querier.labelValues(name, List.of()));
                }
                for (List<LabelMatcher> set : sets) {
                    values.addAll(querier.labelValues(name, set));
                }
            }
            return LabelValuesResponse.newBuilder().addAllValues(values).build();
        });
    }

    @Override
    public void metadata(MetadataRequest request, StreamObserver<MetadataResponse> responses) {
        unary(responses, () -> {
            String metric = request.getMetric();
            Set<MetricMetadata> distinct = new LinkedHashSet<>();
            for (MetricMetadata m : metadata.metadata()) {
                if (metric.isEmpty() || metric.equals(m.family())) {
                    distinct.add(m);
                }
            }
            List<MetricMetadata> sorted = new ArrayList<>(distinct);
            sorted.sort(Comparator.comparing(MetricMetadata::family, Labels.NAME_ORDER));
            MetadataResponse.Builder response = MetadataResponse.newBuilder();
            sorted.forEach(m -> response.addMetadata(RegionMessages.metadata(m)));
            return response.build();
        });
    }

    // ---- Query ---------------------------------------------------------------------------------

    private void evaluate(QueryRequest request, ResponseStream<QueryResponse> stream, long deadline) {
        long start = request.getStartMs();
        long end = request.getEndMs();
        long step = request.getStepMs();
        Span span = Span.current();
        span.setAttribute(EXPR, request.getExpr());
        span.setAttribute(START, start);
        span.setAttribute(END, end);
        span.setAttribute(STEP, step);
        Expr expr = Parser.parse(request.getExpr());
        if (expr.type() != ValueType.VECTOR) {
            throw RegionMessages.invalid("expr must be of type instant vector, a region evaluates no other (got: "
                    + expr.type().documentedName() + ")");
        }
        if (step < 0) {
            throw RegionMessages.invalid("step_ms must not be negative (got: " + step + ")");
        }
        if (end < start) {
            throw RegionMessages.invalid("end_ms must not be before start_ms (got: " + start + ".." + end + ")");
        }
        if (step == 0 && start != end) {
            throw RegionMessages.invalid("an instant query (step_ms = 0) needs start_ms = end_ms (got: " + start + ".." + end + ")");
        }
        if (step > 0) {
            if ((end - start) / step > MAX_POINTS) {
                throw RegionMessages.invalid("exceeded maximum resolution of 11,000 points per timeseries (got: "
                        + ((end - start) / step + 1) + " points); increase step_ms");
            }
            checkRange(start, end);
        }
        Engine perCall = engineFor(timeoutNanos(deadline));
        Queryable limited = new SeriesLimitQueryable(queryable, limits.maxSeries());
        Query query = step == 0
                ? perCall.instantQuery(limited, expr, start)
                : perCall.rangeQuery(limited, expr, start, end, step);
        stream.onCancel(query::cancel);
        QueryResult result = execute(query, perCall.config().maxSamples());

        SeriesBatcher<SeriesPoints> batcher = new SeriesBatcher<>(messageLimits,
                series -> stream.send(QueryResponse.newBuilder().addAllSeries(series).build()));
        Value value = result.value();
        if (value instanceof Vector vector) {
            for (Sample sample : vector.samples()) {
                batcher.add(SeriesPoints.newBuilder()
                        .addAllLabels(RegionMessages.labels(sample.labels()))
                        .addTimestamps(sample.timestamp())
                        .addValues(sample.value())
                        .build());
            }
        } else if (value instanceof Matrix matrix) {
            for (RangeSeries series : matrix.series()) {
                SeriesPoints.Builder points = SeriesPoints.newBuilder()
                        .addAllLabels(RegionMessages.labels(series.labels()));
                for (int i = 0; i < series.size(); i++) {
                    points.addTimestamps(series.timestamp(i)).addValues(series.value(i));
                }
                batcher.add(points.build());
            }
        } else if (value instanceof Scalar || value instanceof StringValue) {
            throw new IllegalStateException("an instant-vector expression evaluated to a " + value.type().documentedName());
        }
        span.setAttribute(SERIES_RETURNED, batcher.total());
        span.setAttribute(SAMPLES_READ, result.samplesRead());
        stream.send(QueryResponse.newBuilder()
                .addAllSeries(batcher.remaining())
                .addAllWarnings(result.warnings())
                .setLast(true)
                .setSamplesRead(result.samplesRead())
                .build());
        stream.complete();
    }

    /** Runs the query; the engine's sample limit failure is reworded to name the limit as the others do. */
    private static QueryResult execute(Query query, long maxSamples) {
        try {
            return query.execute();
        } catch (PromqlException e) {
            if (e.code() == ErrorCode.TOO_MANY_SAMPLES) {
                throw new PromqlException(ErrorCode.TOO_MANY_SAMPLES,
                        "query exceeded the limit max_samples=" + maxSamples + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** The engine for one call: the service's engine with its sample limit and timeout lowered to the limits. */
    private Engine engineFor(long timeoutNanos) {
        EngineConfig base = engine.config();
        return new Engine(new EngineConfig(base.lookbackDelta(), Math.min(base.maxSamples(), limits.maxSamples()),
                Duration.ofNanos(timeoutNanos), base.defaultSubqueryStep(), base.batchSize()));
    }

    /**
     * A query's timeout: the least of the limits', the engine's and what is left of the call's
     * deadline once the query leaves the executor's queue.
     */
    private long timeoutNanos(long deadline) {
        long timeout = Math.min(limits.queryTimeout().toNanos(), engine.config().timeout().toNanos());
        if (deadline != NO_DEADLINE) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new PromqlException(ErrorCode.TIMEOUT, "query timed out in query queue: the call's deadline passed before it ran");
            }
            timeout = Math.min(timeout, left);
        }
        return timeout;
    }

    // ---- Store and Series ----------------------------------------------------------------------

    private void store(StoreRequest request, ResponseStream<StoreResponse> stream) {
        long start = request.getStartMs();
        long end = request.getEndMs();
        Span span = Span.current();
        span.setAttribute(START, start);
        span.setAttribute(END, end);
        List<LabelMatcher> matchers = RegionMessages.matchers("matchers", request.getMatchersList());
        span.setAttribute(MATCHERS, matchers.toString());
        if (matchers.stream().allMatch(LabelMatcher::matchesEmpty)) {
            throw RegionMessages.invalid("matchers must contain at least one matcher that does not match the empty string (got: "
                    + matchers + ")");
        }
        checkRange(start, end);
        SelectHints hints = RegionMessages.hints(start, end, request.hasHints(), request.getHints());
        SeriesBatcher<ChunkedSeries> batcher = new SeriesBatcher<>(messageLimits,
                series -> stream.send(StoreResponse.newBuilder().addAllSeries(series).build()));
        SampleBuffer samples = new SampleBuffer();
        long sent = 0;
        List<String> warnings;
        try (Querier querier = new SeriesLimitQueryable(queryable, limits.maxSeries()).querier(start, end)) {
            SeriesSet set = querier.select(hints, matchers);
            while (set.next()) {
                Series series = set.at();
                int count = samples.read(series.iterator(), start, end);
                if (count == 0) {
                    continue;
                }
                sent += count;
                if (sent > limits.maxSamples()) {
                    throw new PromqlException(ErrorCode.TOO_MANY_SAMPLES, "store exceeded the limit max_samples=" + limits.maxSamples()
                            + ": the selected series hold more samples than that in the range; select fewer series or a shorter range");
                }
                batcher.add(ChunkedSeriesEncoder.series(series.labels(), samples.timestamps, samples.values, count));
            }
            warnings = set.warnings();
        }
        span.setAttribute(SERIES_RETURNED, batcher.total());
        span.setAttribute(SAMPLES_READ, sent);
        if (!batcher.remaining().isEmpty() || !warnings.isEmpty()) {
            stream.send(StoreResponse.newBuilder().addAllSeries(batcher.remaining()).addAllWarnings(warnings).build());
        }
        stream.complete();
    }

    private void series(SeriesRequest request, ResponseStream<SeriesResponse> stream) {
        long start = request.getStartMs();
        long end = request.getEndMs();
        if (request.getMatcherSetsCount() == 0) {
            throw RegionMessages.invalid("matcher_sets must not be empty: Series needs at least one set of matchers");
        }
        List<List<LabelMatcher>> sets = RegionMessages.matcherSets(request.getMatcherSetsList());
        checkRange(start, end);
        TreeSet<Labels> found = new TreeSet<>();
        Set<String> warnings = new LinkedHashSet<>();
        SelectHints hints = new SelectHints(start, end, 0, 0, "series", List.of(), false);
        try (Querier querier = new SeriesLimitQueryable(queryable, limits.maxSeries()).querier(start, end)) {
            for (List<LabelMatcher> set : sets) {
                SeriesSet selected = querier.select(hints, set);
                while (selected.next()) {
                    found.add(selected.at().labels());
                }
                warnings.addAll(selected.warnings());
            }
        }
        SeriesBatcher<LabelSet> batcher = new SeriesBatcher<>(messageLimits,
                series -> stream.send(SeriesResponse.newBuilder().addAllSeries(series).build()));
        for (Labels labels : found) {
            batcher.add(LabelSet.newBuilder().addAllLabels(RegionMessages.labels(labels)).build());
        }
        Span.current().setAttribute(SERIES_RETURNED, batcher.total());
        if (!batcher.remaining().isEmpty() || !warnings.isEmpty()) {
            stream.send(SeriesResponse.newBuilder().addAllSeries(batcher.remaining()).addAllWarnings(warnings).build());
        }
        stream.complete();
    }

    /** {@code end - start} within {@link ApiLimits#maxRange()}, and {@code end} not before {@code start}. */
    private void checkRange(long start, long end) {
        if (end < start) {
            throw RegionMessages.invalid("end_ms must not be before start_ms (got: " + start + ".." + end + ")");
        }
        long span;
        try {
            span = Math.subtractExact(end, start);
        } catch (ArithmeticException overflow) {
            span = Long.MAX_VALUE;
        }
        long max = limits.maxRange().toMillis();
        if (span > max) {
            throw LimitExceededException.maxRange(Durations.format(max), Durations.format(span));
        }
    }

    /** The samples of one series in a time range, in arrays reused from series to series. */
    private static final class SampleBuffer {
        long[] timestamps = new long[128];
        double[] values = new double[128];

        /** Reads the iterator's samples in {@code [start, end]}; returns how many. */
        int read(SampleIterator it, long start, long end) {
            int count = 0;
            if (!it.seek(start)) {
                return 0;
            }
            do {
                long t = it.timestamp();
                if (t > end) {
                    break;
                }
                if (count == timestamps.length) {
                    timestamps = Arrays.copyOf(timestamps, count * 2);
                    values = Arrays.copyOf(values, count * 2);
                }
                timestamps[count] = t;
                values[count] = it.value();
                count++;
            } while (it.next());
            return count;
        }
    }

    // ---- Running calls -------------------------------------------------------------------------

    @FunctionalInterface
    private interface StreamingCall<T> {
        /** @param deadline the call's deadline as a {@link System#nanoTime()} value, or {@link #NO_DEADLINE} */
        void run(ResponseStream<T> stream, long deadline);
    }

    /** Runs a unary call on the executor, in the call's trace context. */
    private <T> void unary(StreamObserver<T> responses, Supplier<T> call) {
        callDeadline();
        Context trace = Context.current();
        try {
            executor.execute(trace.wrap(() -> {
                T response;
                try {
                    response = call.get();
                } catch (RuntimeException e) {
                    responses.onError(failure(e));
                    return;
                }
                responses.onNext(response);
                responses.onCompleted();
            }));
        } catch (RuntimeException refused) {
            responses.onError(failure(refused));
        }
    }

    /** Runs a streaming call on the executor, in the call's trace context. */
    private <T> void streaming(StreamObserver<T> responses, StreamingCall<T> call) {
        ResponseStream<T> stream = new ResponseStream<>(responses);
        long deadline = callDeadline();
        Context trace = Context.current();
        try {
            executor.execute(trace.wrap(() -> {
                try {
                    call.run(stream, deadline);
                } catch (ResponseStream.Cancelled gone) {
                    // The client cancelled or its deadline passed: nobody to answer.
                } catch (RuntimeException e) {
                    stream.fail(failure(e));
                }
            }));
        } catch (RuntimeException refused) {
            stream.fail(failure(refused));
        }
    }

    private static Throwable failure(RuntimeException e) {
        Span.current().recordException(e);
        return RegionStatuses.of(e);
    }

    /**
     * The call's deadline as a {@link System#nanoTime()} value, or {@link #NO_DEADLINE} if the
     * client set none; then Armeria's request timeout (10 s unless configured) is raised to the
     * query timeout plus a margin, as the HTTP API does, so that long calls are not cut short.
     * Armeria has set the request timeout from the client's {@code grpc-timeout} header just
     * before this runs.
     */
    private long callDeadline() {
        ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
        if (ctx == null) {
            return NO_DEADLINE;
        }
        long timeoutMillis = ctx.requestTimeoutMillis();
        if (ctx.request().headers().contains("grpc-timeout") && timeoutMillis > 0) {
            return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        }
        ctx.setRequestTimeout(TimeoutMode.SET_FROM_NOW, limits.queryTimeout().plus(REQUEST_TIMEOUT_MARGIN));
        return NO_DEADLINE;
    }
}
