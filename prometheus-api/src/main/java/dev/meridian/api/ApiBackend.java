package dev.meridian.api;

import dev.meridian.promql.labels.Labels;
import java.util.List;

/**
 * What the API evaluates on: a region's engine over its storage ({@link EngineBackend}) or the
 * gateway's distributed planner. {@link PrometheusApi} does everything else — HTTP, parameters and
 * their validation, the limits on parameters, JSON, cancellation — and hands a backend requests
 * that are already checked. Every method may be called from several threads at once, and may
 * throw {@link ApiException} (possibly with {@link ApiException#fields()}) or
 * {@link dev.meridian.promql.PromqlException}, which the API answers as any of its errors.
 */
public interface ApiBackend {
    /**
     * Prepares a query already parsed and checked by the API (see {@link QueryRequest}); the API
     * then executes it, or cancels it if the client went away.
     *
     * @throws dev.meridian.promql.PromqlException or {@link ApiException} if the query cannot run
     *     at all (e.g. a type error)
     */
    PreparedQuery query(QueryRequest request);

    /** The union of the series matching any of the request's matcher sets, sorted by labels, without duplicates. */
    Answer<List<Labels>> series(MetadataRequest request);

    /**
     * The label names of the series matching any matcher set (of every series if there is none),
     * sorted in {@link Labels#NAME_ORDER}, without duplicates.
     */
    Answer<List<String>> labelNames(MetadataRequest request);

    /**
     * The values of label {@code name} (already checked to be a valid label name) over the series
     * matching any matcher set (every series if there is none), sorted in
     * {@link Labels#NAME_ORDER}, without duplicates.
     */
    Answer<List<String>> labelValues(String name, MetadataRequest request);

    /**
     * Metric metadata of family {@code metric}, or of every family if {@code metric} is empty, in
     * any order and possibly with duplicates: the API groups by family, merges duplicates, sorts and
     * applies {@code limit}.
     */
    Answer<List<MetricMetadata>> metadata(String metric);
}
