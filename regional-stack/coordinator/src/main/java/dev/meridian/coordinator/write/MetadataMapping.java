package dev.meridian.coordinator.write;

import static java.util.Objects.requireNonNull;

import dev.meridian.api.MetricMetadata;
import dev.meridian.storage.metadata.FamilyMetadata;
import dev.meridian.storage.metadata.MetricType;

/**
 * Converts metric metadata between the query API's form ({@link MetricMetadata}, what a remote
 * write carries and {@code /api/v1/metadata} lists) and the storage nodes' form
 * ({@link FamilyMetadata}, which adds the time a coordinator received it). The two type enums
 * have the same constants, matched by name.
 */
public final class MetadataMapping {
    private MetadataMapping() {}

    /**
     * The storage nodes' form of {@code entry}, received by a coordinator at {@code receivedMs}.
     *
     * @throws IllegalArgumentException if it breaks a rule of {@link FamilyMetadata} (see {@link
     *     FamilyMetadata#problem})
     */
    public static FamilyMetadata toStorage(MetricMetadata entry, long receivedMs) {
        requireNonNull(entry, "entry is null");
        return new FamilyMetadata(entry.family(), MetricType.valueOf(entry.type().name()), entry.help(), entry.unit(),
                receivedMs);
    }

    /** An entry as a storage node holds it, without its receive time. */
    public static MetricMetadata fromStorage(FamilyMetadata entry) {
        requireNonNull(entry, "entry is null");
        return new MetricMetadata(entry.family(), MetricMetadata.Type.valueOf(entry.type().name()), entry.help(), entry.unit());
    }
}
