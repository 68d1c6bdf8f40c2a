/**
 * The Prometheus HTTP query API of a region's read coordinator ({@link
 * dev.meridian.api.PrometheusApi}): {@code /api/v1/query}, {@code query_range},
 * {@code series}, {@code labels}, {@code label/<name>/values}, {@code metadata},
 * {@code status/buildinfo} and {@code format_query}, answering as Prometheus 2.42 does, with the
 * limits of {@link dev.meridian.api.ApiLimits}. Documented in docs/query-api.md.
 */
package dev.meridian.api;
