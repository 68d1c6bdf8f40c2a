package dev.meridian.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.labels.MatchType;
import dev.meridian.proto.remote.Label;
import dev.meridian.proto.remote.MetricMetadata;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireMappingTest {
    @Test
    void metricTypeNamesAreLowerCasePrometheusNames() {
        assertThat(WireMapping.typeName(MetricMetadata.MetricType.UNKNOWN)).isEqualTo("unknown");
        assertThat(WireMapping.typeName(MetricMetadata.MetricType.GAUGE)).isEqualTo("gauge");
        assertThat(WireMapping.typeName(MetricMetadata.MetricType.HISTOGRAM)).isEqualTo("histogram");
        assertThat(WireMapping.typeName(MetricMetadata.MetricType.SUMMARY)).isEqualTo("summary");
        assertThat(WireMapping.typeName(MetricMetadata.MetricType.INFO)).isEqualTo("info");
        assertThat(WireMapping.typeName(MetricMetadata.MetricType.STATESET)).isEqualTo("stateset");
    }

    @Test
    void matcherTypesMapToRemoteProtoTypes() {
        assertThat(WireMapping.toWire(LabelMatcher.of(MatchType.NOT_EQUAL, "job", "a")).getType())
                .isEqualTo(dev.meridian.proto.remote.LabelMatcher.Type.NEQ);
        assertThat(WireMapping.toWire(LabelMatcher.of(MatchType.NOT_REGEX, "job", "a.*")).getType())
                .isEqualTo(dev.meridian.proto.remote.LabelMatcher.Type.NRE);
    }

    @Test
    void labelSetsWithEmptyOrRepeatedNamesAreRefused() {
        Label a = Label.newBuilder().setName("a").setValue("1").build();
        Label empty = Label.newBuilder().setName("").setValue("1").build();

        assertThat(WireMapping.fromWire(List.of(a))).isEqualTo(Labels.of("a", "1"));
        assertThatThrownBy(() -> WireMapping.fromWire(List.of(a, a))).hasMessageContaining("label a repeated");
        assertThatThrownBy(() -> WireMapping.fromWire(List.of(empty))).hasMessageContaining("empty name");
    }
}
