/**
 * Prometheus remote read served from a region's data: {@link
 * dev.meridian.coordinator.remoteread.RemoteReadService} answers {@code POST /api/v1/read} over any
 * {@link dev.meridian.promql.storage.Queryable} with raw samples ({@code SAMPLES}) or a stream of
 * Prometheus XOR chunks ({@code STREAMED_XOR_CHUNKS}), as Prometheus 2.42's read handler does.
 * Formats, limits and errors: {@code regional-stack/coordinator/docs/remote-read.md}.
 */
package dev.meridian.coordinator.remoteread;
