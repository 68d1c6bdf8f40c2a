package dev.meridian.api;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.util.TimeoutMode;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.meridian.promql.PromqlException;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.ExprPrettifier;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.engine.Query;
import dev.meridian.promql.engine.QueryResult;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.parser.ParseException;
import dev.meridian.promql.parser.Parser;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.Queryable;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.storage.SeriesSet;
import dev.meridian.promql.syntax.Durations;
import dev.meridian.promql.syntax.Quoting;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * The Prometheus HTTP query API of a region (the endpoint Grafana's Prometheus datasource points
 * at), answering as Prometheus 2.42 does: the same parameters, JSON shapes, error types, HTTP
 * statuses and error messages. See docs/query-api.md for every endpoint, parameter and limit and
 * for what still differs.
 *
 * <p>Endpoints ({@link #bind}): {@code /api/v1/query}, {@code query_range}, {@code series},
 * {@code labels} and {@code format_query} take GET and POST (an
 * {@code application/x-www-form-urlencoded} body; body parameters come before those of the URL,
 * as Go's {@code r.FormValue} reads them); {@code label/<name>/values}, {@code metadata} and
 * {@code status/buildinfo} take GET only, as in 2.42. Any endpoint answers OPTIONS with 204; other
 * methods get 2.42's {@code 405 Method Not Allowed}.
 *
 * <p>Queries run on the given executor, never on Armeria's event loop, and are canceled
 * ({@link Query#cancel()}) when the client goes away. Every query and {@code series} call reads
 * the region through a {@link SeriesLimitQueryable}; the engine's sample limit and timeout are
 * lowered to the {@link ApiLimits} (and the client's {@code timeout}) per request.
 */
public final class PrometheusApi {
    /** Prometheus' cap on points per series of a range query. */
    static final long MAX_POINTS = 11_000;

    /** Armeria's request timeout is set to the query timeout plus this, so the query's own timeout answers first. */
    private static final Duration REQUEST_TIMEOUT_MARGIN = Duration.ofSeconds(10);

    /** 2.42's {@code model.LabelNameRE}. */
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private static final Set<HttpMethod> GET_POST = Set.of(HttpMethod.GET, HttpMethod.POST);
    private static final Set<HttpMethod> GET = Set.of(HttpMethod.GET);

    private final Queryable queryable;
    private final Engine engine;
    private final ApiLimits limits;
    private final MetadataSource metadata;
    private final BuildInfo buildInfo;
    private final Clock clock;
    private final Executor executor;

    /**
     * @param queryable the region's data (in production a {@code ReplicatedQueryable})
     * @param engine the PromQL engine; its lookback, subquery step and batch size are used as they
     *     are, its sample limit and timeout only if lower than {@code limits}'
     * @param limits the limits of docs/query-api.md, e.g. {@link ApiLimits#DEFAULT}
     * @param metadata what {@code /api/v1/metadata} lists
     * @param buildInfo what {@code /api/v1/status/buildinfo} answers
     * @param clock the default {@code time} of {@code /api/v1/query} and {@code end} of the metadata endpoints
     * @param executor runs parsing, queries and lookups (they block); must not be an event loop
     */
    public PrometheusApi(Queryable queryable, Engine engine, ApiLimits limits, MetadataSource metadata, BuildInfo buildInfo,
            Clock clock, Executor executor) {
        this.queryable = requireNonNull(queryable, "queryable is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.buildInfo = requireNonNull(buildInfo, "buildInfo is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.executor = requireNonNull(executor, "executor is null");
    }

    /** Registers the endpoints on {@code sb}; {@code /api/v1/read} and {@code /api/v1/write} are not among them. */
    public void bind(ServerBuilder sb) {
        requireNonNull(sb, "sb is null");
        sb.service("/api/v1/query", new Endpoint(GET_POST, this::query));
        sb.service("/api/v1/query_range", new Endpoint(GET_POST, this::queryRange));
        sb.service("/api/v1/series", new Endpoint(GET_POST, this::series));
        sb.service("/api/v1/labels", new Endpoint(GET_POST, this::labelNames));
        sb.service("/api/v1/label/{name}/values", new Endpoint(GET, this::labelValues));
        sb.service("/api/v1/metadata", new Endpoint(GET, this::metricMetadata));
        sb.service("/api/v1/status/buildinfo", new Endpoint(GET, (ctx, params) -> new Answer(ApiJson.buildInfo(buildInfo))));
        sb.service("/api/v1/format_query", new Endpoint(GET_POST, this::formatQuery));
    }

    // ---- Endpoints -----------------------------------------------------------------------------

    private Answer query(ServiceRequestContext ctx, FormParams params) {
        long received = System.nanoTime();
        GoTime time = timeParam(params, "time", now());
        long clientTimeout = timeoutParam(params);
        Expr expr;
        try {
            expr = Parser.parse(params.value("query"));
        } catch (ParseException e) {
            throw ApiException.invalidParameter("query", e.getMessage());
        }
        long timeout = effectiveTimeout(clientTimeout);
        Query query = engineFor(timeout).instantQuery(limitedQueryable(), expr, time.toEngineMillis());
        return run(ctx, query, params, received);
    }

    private Answer queryRange(ServiceRequestContext ctx, FormParams params) {
        long received = System.nanoTime();
        GoTime start = requiredTime(params, "start");
        GoTime end = requiredTime(params, "end");
        if (end.isBefore(start)) {
            throw ApiException.invalidParameter("end", "end timestamp must not be before start time");
        }
        long step = durationParam(params, "step");
        if (step <= 0) {
            throw ApiException.invalidParameter("step",
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if (end.minusNanos(start) / step > MAX_POINTS) {
            throw ApiException.badData(
                    "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
        }
        long clientTimeout = timeoutParam(params);
        Expr expr;
        try {
            expr = Parser.parse(params.value("query"));
        } catch (ParseException e) {
            throw ApiException.badData(e.getMessage());
        }
        long timeout = effectiveTimeout(clientTimeout);
        Engine perRequest = engineFor(timeout);
        long stepMillis = step / 1_000_000;
        if (stepMillis == 0) {
            // 2.42 accepts a step under 1ms and then fails dividing by zero; refuse it plainly,
            // after the engine has checked the expression's type as 2.42 does first.
            perRequest.rangeQuery(limitedQueryable(), expr, start.toEngineMillis(), end.toEngineMillis(), 1);
            throw ApiException.invalidParameter("step", "query resolution step widths below 1ms are not accepted (got: "
                    + Quoting.quote(params.value("step")) + ")");
        }
        Query query = perRequest.rangeQuery(limitedQueryable(), expr, start.toEngineMillis(), end.toEngineMillis(), stepMillis);
        checkRange(start, end);
        return run(ctx, query, params, received);
    }

    private Answer series(ServiceRequestContext ctx, FormParams params) {
        params.error().ifPresent(error -> {
            throw ApiException.badData("error parsing form values: " + error);
        });
        if (params.values("match[]").isEmpty()) {
            throw ApiException.badData("no match[] parameter provided");
        }
        TimeRange range = metadataRange(params);
        List<List<LabelMatcher>> matcherSets;
        try {
            matcherSets = matchers(params.values("match[]"));
        } catch (ApiException e) {
            throw ApiException.invalidParameter("match[]", e.getMessage());
        }
        range.check();
        TreeSet<Labels> found = new TreeSet<>();
        Set<String> warnings = new LinkedHashSet<>();
        SelectHints hints = new SelectHints(range.start, range.end, 0, 0, "series", List.of(), false);
        try (Querier querier = limitedQueryable().querier(range.start, range.end)) {
            for (List<LabelMatcher> matchers : matcherSets) {
                SeriesSet set = querier.select(hints, matchers);
                while (set.next()) {
                    found.add(set.at().labels());
                    checkCanceled(ctx);
                }
                warnings.addAll(set.warnings());
            }
        }
        return new Answer(ApiJson.labelSets(new ArrayList<>(found)), warnings);
    }

    private Answer labelNames(ServiceRequestContext ctx, FormParams params) {
        TimeRange range = metadataRange(params);
        List<List<LabelMatcher>> matcherSets = matchers(params.values("match[]"));
        range.check();
        TreeSet<String> names = new TreeSet<>(Labels.NAME_ORDER);
        try (Querier querier = queryable.querier(range.start, range.end)) {
            if (matcherSets.isEmpty()) {
                names.addAll(querier.labelNames(List.of()));
            }
            for (List<LabelMatcher> matchers : matcherSets) {
                names.addAll(querier.labelNames(matchers));
            }
        }
        return new Answer(ApiJson.stringList(names));
    }

    private Answer labelValues(ServiceRequestContext ctx, FormParams params) {
        String name = requireNonNull(ctx.pathParam("name"), "name path parameter is missing");
        if (!LABEL_NAME.matcher(name).matches()) {
            throw ApiException.badData("invalid label name: " + Quoting.quote(name));
        }
        TimeRange range = metadataRange(params);
        List<List<LabelMatcher>> matcherSets = matchers(params.values("match[]"));
        range.check();
        TreeSet<String> values = new TreeSet<>(Labels.NAME_ORDER);
        try (Querier querier = queryable.querier(range.start, range.end)) {
            if (matcherSets.isEmpty()) {
                values.addAll(querier.labelValues(name, List.of()));
            }
            for (List<LabelMatcher> matchers : matcherSets) {
                values.addAll(querier.labelValues(name, matchers));
            }
        }
        return new Answer(ApiJson.stringList(values));
    }

    private Answer metricMetadata(ServiceRequestContext ctx, FormParams params) {
        long limit = -1;
        String limitText = params.value("limit");
        if (!limitText.isEmpty()) {
            limit = parseGoInt(limitText);
        }
        String metric = params.value("metric");
        Map<String, Set<MetricMetadata>> byFamily = new TreeMap<>(Labels.NAME_ORDER);
        for (MetricMetadata m : metadata.metadata()) {
            if (metric.isEmpty() || metric.equals(m.family())) {
                byFamily.computeIfAbsent(m.family(), f -> new LinkedHashSet<>()).add(m);
            }
        }
        Map<String, List<MetricMetadata>> answer = new LinkedHashMap<>();
        for (Map.Entry<String, Set<MetricMetadata>> e : byFamily.entrySet()) {
            if (limit >= 0 && answer.size() >= limit) {
                break;
            }
            answer.put(e.getKey(), List.copyOf(e.getValue()));
        }
        return new Answer(ApiJson.metadata(answer));
    }

    private Answer formatQuery(ServiceRequestContext ctx, FormParams params) {
        try {
            return new Answer(ApiJson.stringValue(ExprPrettifier.pretty(Parser.parse(params.value("query")))));
        } catch (ParseException e) {
            throw ApiException.invalidParameter("query", e.getMessage());
        }
    }

    // ---- Running queries -----------------------------------------------------------------------

    private Answer run(ServiceRequestContext ctx, Query query, FormParams params, long receivedNanos) {
        if (!ctx.whenRequestCancelling().isDone()) {
            ctx.whenRequestCancelling().thenAccept(cause -> query.cancel());
        } else {
            query.cancel();
        }
        long started = System.nanoTime();
        QueryResult result = query.execute();
        QueryStats stats = null;
        if (!params.value("stats").isEmpty()) {
            long finished = System.nanoTime();
            stats = new QueryStats((finished - started) / 1e9, (finished - receivedNanos) / 1e9, result.samplesRead(),
                    result.peakSamples());
        }
        return new Answer(ApiJson.queryData(result.value(), stats), result.warnings());
    }

    /** The engine for one request: the API's engine with its sample limit and timeout lowered to the limits. */
    private Engine engineFor(long timeoutNanos) {
        EngineConfig base = engine.config();
        return new Engine(new EngineConfig(base.lookbackDelta(), Math.min(base.maxSamples(), limits.maxSamples()),
                Duration.ofNanos(timeoutNanos), base.defaultSubqueryStep(), base.batchSize()));
    }

    private Queryable limitedQueryable() {
        return new SeriesLimitQueryable(queryable, limits.maxSeries());
    }

    /**
     * The timeout of a query in nanoseconds: the least of the limits', the engine's and the
     * client's. A client timeout of zero or less has expired already: 2.42 answers that the query
     * timed out while queued, and so does this.
     */
    private long effectiveTimeout(long clientTimeoutNanos) {
        long timeout = Math.min(limits.queryTimeout().toNanos(), engine.config().timeout().toNanos());
        if (clientTimeoutNanos != NO_TIMEOUT) {
            if (clientTimeoutNanos <= 0) {
                throw new ApiException(ApiErrorType.TIMEOUT, "query timed out in query queue");
            }
            timeout = Math.min(timeout, clientTimeoutNanos);
        }
        return timeout;
    }

    private static void checkCanceled(ServiceRequestContext ctx) {
        if (ctx.whenRequestCancelling().isDone()) {
            throw new ApiException(ApiErrorType.CANCELED, "query was canceled in series lookup");
        }
    }

    // ---- Parameters ----------------------------------------------------------------------------

    private static final long NO_TIMEOUT = Long.MIN_VALUE;

    private GoTime now() {
        Instant now = clock.instant();
        return new GoTime(now.getEpochSecond(), now.getNano());
    }

    /** 2.42's {@code parseTimeParam}: the default if the parameter is empty. */
    private static GoTime timeParam(FormParams params, String name, GoTime defaultValue) {
        String text = params.value(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            return GoTime.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter(name, "Invalid time value for '" + name + "': " + e.getMessage());
        }
    }

    /** 2.42's {@code parseTime} of a parameter that has no default. */
    private static GoTime requiredTime(FormParams params, String name) {
        try {
            return GoTime.parse(params.value(name));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter(name, e.getMessage());
        }
    }

    private static long durationParam(FormParams params, String name) {
        try {
            return GoTime.parseDurationNanos(params.value(name));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter(name, e.getMessage());
        }
    }

    /** The client's {@code timeout} in nanoseconds, or {@link #NO_TIMEOUT} if it gave none. */
    private static long timeoutParam(FormParams params) {
        if (params.value("timeout").isEmpty()) {
            return NO_TIMEOUT;
        }
        long timeout = durationParam(params, "timeout");
        return timeout == NO_TIMEOUT ? -1 : timeout;
    }

    /**
     * 2.42's {@code parseMatchersParam}: each {@code match[]} a series selector, and each needing
     * a matcher that does not match the empty string.
     *
     * @throws ApiException bad_data with the parser's message, without a parameter prefix
     */
    private static List<List<LabelMatcher>> matchers(List<String> selectors) {
        List<List<LabelMatcher>> sets = new ArrayList<>(selectors.size());
        for (String selector : selectors) {
            try {
                sets.add(Parser.parseMetricSelector(selector));
            } catch (ParseException e) {
                throw ApiException.badData(e.getMessage());
            }
        }
        for (List<LabelMatcher> set : sets) {
            if (set.stream().allMatch(LabelMatcher::matchesEmpty)) {
                throw ApiException.badData("match[] must contain at least one non-empty matcher");
            }
        }
        return sets;
    }

    /** Go's {@code strconv.Atoi}, with 2.42's message for {@code limit}. */
    private static long parseGoInt(String text) {
        if (!text.matches("[+-]?[0-9]+")) {
            throw ApiException.badData("limit must be a number");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badData("limit must be a number");
        }
    }

    /**
     * The time range of a metadata endpoint ({@code series}, {@code labels}, {@code label/…/values}).
     * A missing {@code end} is now and a missing {@code start} is {@code end - maxRange} (2.42:
     * the beginning and end of time; its clients' spellings of those, {@link GoTime#MIN_FORMATTED}
     * and {@link GoTime#MAX_FORMATTED}, count as missing); a range given in full is checked against {@code maxRange}
     * by {@link TimeRange#check()}, after the parameters are parsed, as 2.42 parses them all first.
     */
    private TimeRange metadataRange(FormParams params) {
        // The strings Prometheus' clients send for "no bound" count as no bound.
        GoTime start = timeParam(params, "start", GoTime.MIN);
        GoTime end = timeParam(params, "end", GoTime.MAX);
        start = start.equals(GoTime.MIN) ? null : start;
        end = end.equals(GoTime.MAX) ? null : end;
        long endMillis = end == null ? clock.millis() : end.toMillis();
        long startMillis = start == null ? saturatedMinus(endMillis, limits.maxRange().toMillis()) : start.toMillis();
        GoTime givenStart = start;
        GoTime givenEnd = end;
        return new TimeRange(startMillis, endMillis,
                start != null && end != null ? () -> checkRange(givenStart, givenEnd) : () -> { });
    }

    private void checkRange(GoTime start, GoTime end) {
        long spanMillis = end.minusNanos(start) / 1_000_000;
        long maxMillis = limits.maxRange().toMillis();
        if (spanMillis > maxMillis) {
            throw LimitExceededException.maxRange(Durations.format(maxMillis), Durations.format(spanMillis));
        }
    }

    private static long saturatedMinus(long a, long b) {
        long r = a - b;
        return ((a ^ b) & (a ^ r)) < 0 ? Long.MIN_VALUE : r;
    }

    private record TimeRange(long start, long end, Runnable checker) {
        void check() {
            checker.run();
        }
    }

    /** A successful answer: the JSON of {@code data}, and warnings. */
    private record Answer(CharSequence data, Set<String> warnings) {
        Answer(CharSequence data) {
            this(data, Set.of());
        }

        Answer(CharSequence data, List<String> warnings) {
            this(data, new LinkedHashSet<>(warnings));
        }
    }

    @FunctionalInterface
    private interface Handler {
        Answer handle(ServiceRequestContext ctx, FormParams params);
    }

    // ---- HTTP ----------------------------------------------------------------------------------

    /** One endpoint: method check, then the handler on the executor, its outcome as Prometheus' JSON. */
    private final class Endpoint implements HttpService {
        private final Set<HttpMethod> methods;
        private final String allow;
        private final Handler handler;

        Endpoint(Set<HttpMethod> methods, Handler handler) {
            this.methods = methods;
            this.allow = methods.contains(HttpMethod.POST) ? "GET, OPTIONS, POST" : "GET, OPTIONS";
            this.handler = handler;
        }

        @Override
        public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
            HttpMethod method = req.method();
            if (method == HttpMethod.OPTIONS) {
                return HttpResponse.of(HttpStatus.NO_CONTENT);
            }
            if (!methods.contains(method)) {
                return HttpResponse.of(ResponseHeaders.builder(HttpStatus.METHOD_NOT_ALLOWED)
                        .contentType(MediaType.PLAIN_TEXT_UTF_8)
                        .set(HttpHeaderNames.ALLOW, allow)
                        .set("x-content-type-options", "nosniff")
                        .build(), HttpData.ofUtf8("Method Not Allowed\n"));
            }
            ctx.setRequestTimeout(TimeoutMode.SET_FROM_NOW, limits.queryTimeout().plus(REQUEST_TIMEOUT_MARGIN));
            return HttpResponse.of(req.aggregate().thenApplyAsync(request -> respond(ctx, request), executor));
        }

        private HttpResponse respond(ServiceRequestContext ctx, AggregatedHttpRequest request) {
            String body = null;
            MediaType contentType = request.contentType();
            if (request.method() == HttpMethod.POST && contentType != null && contentType.is(MediaType.FORM_DATA)) {
                body = request.content(StandardCharsets.UTF_8);
            }
            FormParams params = FormParams.of(ctx.query(), body);
            try {
                Answer answer = handler.handle(ctx, params);
                return json(HttpStatus.OK, ApiJson.success(answer.data(), answer.warnings()));
            } catch (ApiException e) {
                return json(HttpStatus.valueOf(e.type().httpStatus()), ApiJson.error(e.type(), e.getMessage()));
            } catch (PromqlException e) {
                ApiErrorType type = ApiErrorType.of(e.code());
                return json(HttpStatus.valueOf(type.httpStatus()), ApiJson.error(type, e.getMessage()));
            } catch (RuntimeException e) {
                // A bug, not the client's fault: say so as Prometheus' engine does for a panic.
                return json(HttpStatus.INTERNAL_SERVER_ERROR,
                        ApiJson.error(ApiErrorType.INTERNAL, "unexpected error: " + e));
            }
        }

        private HttpResponse json(HttpStatus status, String body) {
            return HttpResponse.of(status, MediaType.JSON, body);
        }
    }
}
