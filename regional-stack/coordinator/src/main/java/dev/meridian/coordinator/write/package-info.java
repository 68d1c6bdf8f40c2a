/**
 * The remote-write path's front half: decoding and validating Prometheus remote-write 1.0
 * requests ({@link dev.meridian.coordinator.write.RemoteWriteDecoder}) into per-shard storage
 * batches, with the spec's status codes ({@link dev.meridian.coordinator.write.RemoteWriteErrorCode}).
 * See {@code regional-stack/coordinator/docs/remote-write.md}.
 */
package dev.meridian.coordinator.write;
