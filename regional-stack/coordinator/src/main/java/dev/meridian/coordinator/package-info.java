/**
 * A region's coordinators: where shards live ({@code placement}), the remote-write path, the
 * Prometheus HTTP API (module prometheus-api, with its {@code EngineBackend}) over the region's
 * storage nodes, the region service the global gateway calls ({@code region}), and
 * {@code querycmp}, which compares two Prometheus-compatible endpoints query by query.
 */
package dev.meridian.coordinator;
