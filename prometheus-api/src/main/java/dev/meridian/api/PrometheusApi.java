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
import dev.meridian.promql.ast.ExprPrettifier;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.parser.ParseException;
import dev.meridian.promql.parser.Parser;
import dev.meridian.promql.syntax.Quoting;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Prometheus HTTP query API (the endpoint Grafana's Prometheus datasource points at),
 * answering as Prometheus 2.42 does: the same parameters, JSON shapes, error types, HTTP statuses
 * and error messages. See docs/query-api.md for every endpoint, parameter and limit and for what
 * still differs.
 *
 * <p>This class does HTTP, reads and checks the parameters (with the limits on them: {@code
 * max_range}, 11,000 points), writes the JSON and maps errors; an {@link ApiBackend} evaluates:
 * a region's {@link EngineBackend}, or the gateway's distributed planner. What a backend answers
 * beyond Prometheus' shape — warnings, and extra envelope fields such as the gateway's
 * {@code coverage} ({@link ResponseField}) — goes into the response, on success and on error.
 *
 * <p>Endpoints ({@link #bind}): {@code /api/v1/query}, {@code query_range}, {@code series},
 * {@code labels} and {@code format_query} take GET and POST (an
 * {@code application/x-www-form-urlencoded} body; body parameters come before those of the URL,
 * as Go's {@code r.FormValue} reads them); {@code label/<name>/values}, {@code metadata} and
 * {@code status/buildinfo} take GET only, as in 2.42. Any endpoint answers OPTIONS with 204; other
 * methods get 2.42's {@code 405 Method Not Allowed}. {@link #bindExtra} adds an endpoint that
 * works the same way (e.g. the gateway's {@code /api/v1/query_explain}).
 *
 * <p>Requests run on the given executor, never on Armeria's event loop, and a query is canceled
 * ({@link PreparedQuery#cancel()}) when the client goes away.
 */
public final class PrometheusApi {
    /** Armeria's request timeout is set to the query timeout plus this, so the query's own timeout answers first. */
    private static final Duration REQUEST_TIMEOUT_MARGIN = Duration.ofSeconds(10);

    /** 2.42's {@code model.LabelNameRE}. */
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private static final Set<HttpMethod> GET_POST = Set.of(HttpMethod.GET, HttpMethod.POST);
    private static final Set<HttpMethod> GET = Set.of(HttpMethod.GET);

    private final ApiBackend backend;
    private final ApiLimits limits;
    private final BuildInfo buildInfo;
    private final Clock clock;
    private final Executor executor;
    private final QueryParams queryParams;

    /**
     * @param backend what queries and lookups run on
     * @param limits the limits of docs/query-api.md, e.g. {@link ApiLimits#DEFAULT}; this class
     *     applies {@code maxRange} and {@code queryTimeout} (the backend the others)
     * @param buildInfo what {@code /api/v1/status/buildinfo} answers
     * @param clock the default {@code time} of {@code /api/v1/query} and {@code end} of the metadata endpoints
     * @param executor runs parsing, queries and lookups (they block); must not be an event loop
     */
    public PrometheusApi(ApiBackend backend, ApiLimits limits, BuildInfo buildInfo, Clock clock, Executor executor) {
        this.backend = requireNonNull(backend, "backend is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.buildInfo = requireNonNull(buildInfo, "buildInfo is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.queryParams = new QueryParams(limits, clock);
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
        sb.service("/api/v1/status/buildinfo", new Endpoint(GET, (ctx, params) -> Answer.of(ApiJson.buildInfo(buildInfo))));
        sb.service("/api/v1/format_query", new Endpoint(GET_POST, this::formatQuery));
    }

    /**
     * Registers one more endpoint on {@code sb} that works as the API's own: other methods than
     * {@code methods} (and OPTIONS, which answers 204) get 405; {@code handler} runs on the
     * executor with the request's {@link FormParams}; its answer is written in the success
     * envelope and its {@link ApiException}s and {@link PromqlException}s in the error envelope.
     *
     * @param path an Armeria path pattern, e.g. {@code /api/v1/query_explain}
     * @param methods GET, POST or both
     * @throws IllegalArgumentException if {@code methods} is empty or holds another method
     */
    public void bindExtra(ServerBuilder sb, String path, Set<HttpMethod> methods, ExtraHandler handler) {
        requireNonNull(sb, "sb is null");
        requireNonNull(path, "path is null");
        requireNonNull(methods, "methods is null");
        requireNonNull(handler, "handler is null");
        if (methods.isEmpty() || !GET_POST.containsAll(methods)) {
            throw new IllegalArgumentException("methods must be GET, POST or both (got: " + methods + ")");
        }
        sb.service(path, new Endpoint(Set.copyOf(methods), handler));
    }

    // ---- Endpoints -----------------------------------------------------------------------------

    private Answer<CharSequence> query(ServiceRequestContext ctx, FormParams params) {
        long received = System.nanoTime();
        QueryRequest request = queryParams.instant(params);
        return run(ctx, backend.query(request), params, received);
    }

    private Answer<CharSequence> queryRange(ServiceRequestContext ctx, FormParams params) {
        long received = System.nanoTime();
        QueryRequest request = queryParams.range(params);
        return run(ctx, backend.query(request), params, received);
    }

    private Answer<CharSequence> series(ServiceRequestContext ctx, FormParams params) {
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
        return backend.series(range.request(ctx, matcherSets, params)).map(ApiJson::labelSets);
    }

    private Answer<CharSequence> labelNames(ServiceRequestContext ctx, FormParams params) {
        TimeRange range = metadataRange(params);
        List<List<LabelMatcher>> matcherSets = matchers(params.values("match[]"));
        range.check();
        return backend.labelNames(range.request(ctx, matcherSets, params)).map(ApiJson::stringList);
    }

    private Answer<CharSequence> labelValues(ServiceRequestContext ctx, FormParams params) {
        String name = requireNonNull(ctx.pathParam("name"), "name path parameter is missing");
        if (!LABEL_NAME.matcher(name).matches()) {
            throw ApiException.badData("invalid label name: " + Quoting.quote(name));
        }
        TimeRange range = metadataRange(params);
        List<List<LabelMatcher>> matcherSets = matchers(params.values("match[]"));
        range.check();
        return backend.labelValues(name, range.request(ctx, matcherSets, params)).map(ApiJson::stringList);
    }

    /** Groups the backend's metadata by family (sorted), merges duplicates and keeps the first {@code limit} families. */
    private Answer<CharSequence> metricMetadata(ServiceRequestContext ctx, FormParams params) {
        long limit = -1;
        String limitText = params.value("limit");
        if (!limitText.isEmpty()) {
            limit = parseGoInt(limitText);
        }
        long familyLimit = limit;
        return backend.metadata(params.value("metric")).map(entries -> {
            Map<String, Set<MetricMetadata>> byFamily = new TreeMap<>(Labels.NAME_ORDER);
            for (MetricMetadata m : entries) {
                byFamily.computeIfAbsent(m.family(), f -> new LinkedHashSet<>()).add(m);
            }
            Map<String, List<MetricMetadata>> answer = new LinkedHashMap<>();
            for (Map.Entry<String, Set<MetricMetadata>> e : byFamily.entrySet()) {
                if (familyLimit >= 0 && answer.size() >= familyLimit) {
                    break;
                }
                answer.put(e.getKey(), List.copyOf(e.getValue()));
            }
            return ApiJson.metadata(answer);
        });
    }

    private Answer<CharSequence> formatQuery(ServiceRequestContext ctx, FormParams params) {
        try {
            return Answer.of(ApiJson.stringValue(ExprPrettifier.pretty(Parser.parse(params.value("query")))));
        } catch (ParseException e) {
            throw ApiException.invalidParameter("query", e.getMessage());
        }
    }

    // ---- Running queries -----------------------------------------------------------------------

    /** Executes {@code query}, canceling it when the request is canceled; adds {@code stats} if asked. */
    private Answer<CharSequence> run(ServiceRequestContext ctx, PreparedQuery query, FormParams params, long receivedNanos) {
        if (!ctx.whenRequestCancelling().isDone()) {
            ctx.whenRequestCancelling().thenAccept(cause -> query.cancel());
        } else {
            query.cancel();
        }
        long started = System.nanoTime();
        Answer<QueryOutcome> answer = query.execute();
        QueryStats stats = null;
        if (!params.value("stats").isEmpty()) {
            long finished = System.nanoTime();
            QueryOutcome outcome = answer.value();
            stats = new QueryStats((finished - started) / 1e9, (finished - receivedNanos) / 1e9, outcome.samplesRead(),
                    outcome.peakSamples());
        }
        QueryStats reported = stats;
        return answer.map(outcome -> ApiJson.queryData(outcome.value(), reported));
    }

    // ---- Parameters of the metadata endpoints --------------------------------------------------

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
        GoTime start = QueryParams.timeParam(params, "start", GoTime.MIN);
        GoTime end = QueryParams.timeParam(params, "end", GoTime.MAX);
        start = start.equals(GoTime.MIN) ? null : start;
        end = end.equals(GoTime.MAX) ? null : end;
        long endMillis = end == null ? clock.millis() : end.toMillis();
        long startMillis = start == null ? saturatedMinus(endMillis, limits.maxRange().toMillis()) : start.toMillis();
        GoTime givenStart = start;
        GoTime givenEnd = end;
        return new TimeRange(startMillis, endMillis,
                start != null && end != null ? () -> queryParams.checkRange(givenStart, givenEnd) : () -> { });
    }

    private static long saturatedMinus(long a, long b) {
        long r = a - b;
        return ((a ^ b) & (a ^ r)) < 0 ? Long.MIN_VALUE : r;
    }

    private record TimeRange(long start, long end, Runnable checker) {
        void check() {
            checker.run();
        }

        /** The backend's request for this range; canceled once Armeria cancels the HTTP request. */
        MetadataRequest request(ServiceRequestContext ctx, List<List<LabelMatcher>> matcherSets, FormParams params) {
            return new MetadataRequest(matcherSets, start, end, params, () -> ctx.whenRequestCancelling().isDone());
        }
    }

    // ---- HTTP ----------------------------------------------------------------------------------

    /** One endpoint: method check, then the handler on the executor, its outcome as Prometheus' JSON. */
    private final class Endpoint implements HttpService {
        private final Set<HttpMethod> methods;
        private final String allow;
        private final ExtraHandler handler;

        Endpoint(Set<HttpMethod> methods, ExtraHandler handler) {
            this.methods = methods;
            // 2.42's Allow header: the methods and OPTIONS, sorted ("GET, OPTIONS, POST").
            this.allow = Stream.concat(methods.stream(), Stream.of(HttpMethod.OPTIONS)).map(HttpMethod::name).sorted()
                    .distinct().collect(Collectors.joining(", "));
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
                Answer<? extends CharSequence> answer = handler.handle(ctx, params);
                // A warning repeated (e.g. by several selectors over the same failing node) is written once.
                return json(HttpStatus.OK, ApiJson.success(answer.value(), new LinkedHashSet<>(answer.warnings()), answer.fields()));
            } catch (ApiException e) {
                return error(e);
            } catch (PromqlException e) {
                return error(ApiException.from(e));
            } catch (RuntimeException e) {
                // A bug, not the client's fault: say so as Prometheus' engine does for a panic.
                return json(HttpStatus.INTERNAL_SERVER_ERROR,
                        ApiJson.error(ApiErrorType.INTERNAL, "unexpected error: " + e));
            }
        }

        private HttpResponse error(ApiException e) {
            return json(HttpStatus.valueOf(e.type().httpStatus()), ApiJson.error(e.type(), e.getMessage(), e.fields()));
        }

        private HttpResponse json(HttpStatus status, String body) {
            return HttpResponse.of(status, MediaType.JSON, body);
        }
    }
}
