package dev.meridian.coordinator.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.api.MetricMetadata;
import dev.meridian.storage.metadata.FamilyMetadata;
import dev.meridian.storage.metadata.MetricType;
import org.junit.jupiter.api.Test;

class MetadataMappingTest {
    @Test
    void everyTypeSurvivesTheStorageNodesForm() {
        for (MetricMetadata.Type type : MetricMetadata.Type.values()) {
            MetricMetadata entry = new MetricMetadata("http_requests", type, "Requests.", "requests");

            FamilyMetadata stored = MetadataMapping.toStorage(entry, 1234);

            assertThat(stored.type().name()).isEqualTo(type.name());
            assertThat(stored.receivedMs()).isEqualTo(1234);
            assertThat(MetadataMapping.fromStorage(stored)).isEqualTo(entry);
        }
        assertThat(MetricType.values()).as("one API type per storage type").hasSameSizeAs(MetricMetadata.Type.values());
    }
}
