package dev.meridian.api;

import java.util.List;

/**
 * Where {@code /api/v1/metadata} gets metric metadata: every metric family's type, help and unit
 * the region knows (in a region, what remote-write senders sent, as the coordinator's
 * {@code ReplicatedMetadata} reads it from the storage nodes). A family may appear more than once with
 * different metadata; the API groups, deduplicates and filters ({@code metric}, {@code limit}).
 */
@FunctionalInterface
public interface MetadataSource {
    /** Every family's metadata; must be safe to call from several threads. */
    List<MetricMetadata> metadata();
}
