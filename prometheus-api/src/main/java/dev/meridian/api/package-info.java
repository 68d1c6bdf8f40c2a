/**
 * The Prometheus 2.42 HTTP query API ({@link dev.meridian.api.PrometheusApi}): {@code /api/v1/query},
 * {@code query_range}, {@code series}, {@code labels}, {@code label/<name>/values}, {@code metadata},
 * {@code status/buildinfo} and {@code format_query}, answering as Prometheus 2.42 does, with the
 * limits of {@link dev.meridian.api.ApiLimits}. What it evaluates on is an
 * {@link dev.meridian.api.ApiBackend}: a region's {@link dev.meridian.api.EngineBackend}, or the
 * global gateway's planner, which may add envelope fields ({@link dev.meridian.api.ResponseField}).
 * Documented in prometheus-api/docs/query-api.md.
 */
package dev.meridian.api;
