package dev.meridian.coordinator.write;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metric metadata remote-write senders send (type, help, unit per metric family): a family's
 * latest entry replaces the one before, as Prometheus' own metadata API shows what targets expose
 * now. Kept in memory by each write coordinator for
 * {@code /api/v1/metadata}. Thread-safe.
 */
public final class MetadataStore {
    private final Map<String, MetricMetadata> byFamily = new ConcurrentHashMap<>();

    public void record(List<MetricMetadata> metadata) {
        requireNonNull(metadata, "metadata is null");
        metadata.forEach(m -> byFamily.put(m.family(), m));
    }

    /** Every family's latest metadata, by family name. */
    public Map<String, MetricMetadata> snapshot() {
        return new TreeMap<>(byFamily);
    }
}
