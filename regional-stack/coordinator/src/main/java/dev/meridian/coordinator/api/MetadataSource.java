package dev.meridian.coordinator.api;

import dev.meridian.coordinator.write.MetricMetadata;
import java.util.List;

/**
 * Where {@code /api/v1/metadata} gets metric metadata: every metric family's type, help and unit
 * the region knows (in production what remote-write senders sent, e.g. the write coordinators'
 * {@link dev.meridian.coordinator.write.MetadataStore}). A family may appear more than once with
 * different metadata; the API groups, deduplicates and filters ({@code metric}, {@code limit}).
 */
@FunctionalInterface
public interface MetadataSource {
    /** Every family's metadata; must be safe to call from several threads. */
    List<MetricMetadata> metadata();
}
