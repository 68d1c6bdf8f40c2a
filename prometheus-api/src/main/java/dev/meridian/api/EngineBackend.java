package dev.meridian.api;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.engine.Query;
import dev.meridian.promql.engine.QueryResult;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.Queryable;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.storage.SeriesSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The backend of a region's API: the PromQL engine over the region's {@link Queryable} (in
 * production the coordinator's {@code ReplicatedQueryable}) and its metric metadata.
 *
 * <ul>
 *   <li>Queries run on an engine made per request from the given one: its lookback, subquery step
 *       and batch size as they are, its sample limit lowered to {@link ApiLimits#maxSamples()} and
 *       its timeout to the request's (which the engine's own timeout lowers further).
 *   <li>Queries and {@code series} lookups read through a {@link SeriesLimitQueryable}, so that
 *       selecting more than {@link ApiLimits#maxSeries()} series fails with {@code max_series};
 *       label name and value lookups are not limited.
 *   <li>A {@code series} lookup stops with {@code canceled} once the client has gone away.
 * </ul>
 */
public final class EngineBackend implements ApiBackend {
    private final Queryable queryable;
    private final Engine engine;
    private final ApiLimits limits;
    private final MetadataSource metadata;

    /**
     * @param queryable the region's data
     * @param engine the PromQL engine; its lookback, subquery step and batch size are used as they
     *     are, its sample limit and timeout only if lower than {@code limits}' and the request's
     * @param limits the limits of docs/query-api.md; {@code maxSeries} and {@code maxSamples} apply here
     * @param metadata what {@code /api/v1/metadata} lists
     */
    public EngineBackend(Queryable queryable, Engine engine, ApiLimits limits, MetadataSource metadata) {
        this.queryable = requireNonNull(queryable, "queryable is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.metadata = requireNonNull(metadata, "metadata is null");
    }

    @Override
    public PreparedQuery query(QueryRequest request) {
        requireNonNull(request, "request is null");
        Engine perRequest = engineFor(Math.min(request.timeoutNanos(), engine.config().timeout().toNanos()));
        Query query = request.instant()
                ? perRequest.instantQuery(limitedQueryable(), request.expr(), request.startMillis())
                : perRequest.rangeQuery(limitedQueryable(), request.expr(), request.startMillis(), request.endMillis(),
                        request.stepMillis());
        return new EngineQuery(query);
    }

    @Override
    public Answer<List<Labels>> series(MetadataRequest request) {
        requireNonNull(request, "request is null");
        TreeSet<Labels> found = new TreeSet<>();
        Set<String> warnings = new LinkedHashSet<>();
        SelectHints hints = new SelectHints(request.startMillis(), request.endMillis(), 0, 0, "series", List.of(), false);
        try (Querier querier = limitedQueryable().querier(request.startMillis(), request.endMillis())) {
            for (List<LabelMatcher> matchers : request.matcherSets()) {
                SeriesSet set = querier.select(hints, matchers);
                while (set.next()) {
                    found.add(set.at().labels());
                    if (request.canceled().getAsBoolean()) {
                        throw new ApiException(ApiErrorType.CANCELED, "query was canceled in series lookup");
                    }
                }
                warnings.addAll(set.warnings());
            }
        }
        return new Answer<>(new ArrayList<>(found), new ArrayList<>(warnings), List.of());
    }

    @Override
    public Answer<List<String>> labelNames(MetadataRequest request) {
        requireNonNull(request, "request is null");
        TreeSet<String> names = new TreeSet<>(Labels.NAME_ORDER);
        try (Querier querier = queryable.querier(request.startMillis(), request.endMillis())) {
            if (request.matcherSets().isEmpty()) {
                names.addAll(querier.labelNames(List.of()));
            }
            for (List<LabelMatcher> matchers : request.matcherSets()) {
                names.addAll(querier.labelNames(matchers));
            }
        }
        return Answer.of(new ArrayList<>(names));
    }

    @Override
    public Answer<List<String>> labelValues(String name, MetadataRequest request) {
        requireNonNull(name, "name is null");
        requireNonNull(request, "request is null");
        TreeSet<String> values = new TreeSet<>(Labels.NAME_ORDER);
        try (Querier querier = queryable.querier(request.startMillis(), request.endMillis())) {
            if (request.matcherSets().isEmpty()) {
                values.addAll(querier.labelValues(name, List.of()));
            }
            for (List<LabelMatcher> matchers : request.matcherSets()) {
                values.addAll(querier.labelValues(name, matchers));
            }
        }
        return Answer.of(new ArrayList<>(values));
    }

    @Override
    public Answer<List<MetricMetadata>> metadata(String metric) {
        requireNonNull(metric, "metric is null");
        List<MetricMetadata> found = new ArrayList<>();
        for (MetricMetadata m : metadata.metadata()) {
            if (metric.isEmpty() || metric.equals(m.family())) {
                found.add(m);
            }
        }
        return Answer.of(found);
    }

    /** The engine for one request: the given engine with its sample limit and timeout lowered. */
    private Engine engineFor(long timeoutNanos) {
        EngineConfig base = engine.config();
        return new Engine(new EngineConfig(base.lookbackDelta(), Math.min(base.maxSamples(), limits.maxSamples()),
                Duration.ofNanos(timeoutNanos), base.defaultSubqueryStep(), base.batchSize()));
    }

    private Queryable limitedQueryable() {
        return new SeriesLimitQueryable(queryable, limits.maxSeries());
    }

    /** An engine {@link Query} as a {@link PreparedQuery}: its result, with the storage's warnings. */
    private record EngineQuery(Query query) implements PreparedQuery {
        @Override
        public Answer<QueryOutcome> execute() {
            QueryResult result = query.execute();
            return new Answer<>(new QueryOutcome(result.value(), result.samplesRead(), result.peakSamples()), result.warnings(),
                    List.of());
        }

        @Override
        public void cancel() {
            query.cancel();
        }
    }
}
