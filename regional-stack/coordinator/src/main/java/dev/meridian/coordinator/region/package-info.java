/**
 * The region side of the global gateway protocol (region.proto): {@link
 * dev.meridian.coordinator.region.RegionService} serves Info, Query, Store, Series, LabelNames,
 * LabelValues and Metadata over a read coordinator's read path, traced with OpenTelemetry.
 * Calls, limits, batching, errors and tracing: {@code regional-stack/coordinator/docs/region-api.md}.
 */
package dev.meridian.coordinator.region;
