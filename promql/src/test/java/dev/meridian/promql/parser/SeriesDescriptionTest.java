package dev.meridian.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.parser.SeriesDescription.SequenceValue;
import dev.meridian.promql.storage.StaleMarker;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesDescriptionTest {
    @Test
    void expandsSequences() {
        SeriesDescription d = SeriesDescription.parse("http_requests{job=\"api\", path=\"/x\"}  0+10x2 _ -1-1x1 _x2 stale 5x1");
        assertThat(d.labels()).isEqualTo(Labels.of("__name__", "http_requests", "job", "api", "path", "/x"));
        List<SequenceValue> v = d.values();
        assertThat(v).hasSize(11);
        assertThat(v.subList(0, 3)).extracting(SequenceValue::value).containsExactly(0.0, 10.0, 20.0);
        assertThat(v.get(3).omitted()).isTrue();
        assertThat(v.subList(4, 6)).extracting(SequenceValue::value).containsExactly(-1.0, -2.0);
        assertThat(v.subList(6, 8)).allMatch(SequenceValue::omitted);
        assertThat(StaleMarker.isStale(v.get(8).value())).isTrue();
        assertThat(v.subList(9, 11)).extracting(SequenceValue::value).containsExactly(5.0, 5.0);
    }

    @Test
    void acceptsSpecialValuesAndBareLabelSets() {
        SeriesDescription d = SeriesDescription.parse("{__name__=\"x\"} Inf -Inf NaN 1e3");
        assertThat(d.labels().metricName()).isEqualTo("x");
        assertThat(d.values()).extracting(SequenceValue::value)
                .containsExactly(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1000.0);
    }

    @Test
    void rejectsMalformedLines() {
        assertThatThrownBy(() -> SeriesDescription.parse("x{a=\"1\" 1 2")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> SeriesDescription.parse("x 1+x3")).isInstanceOf(ParseException.class)
                .hasMessageContaining("invalid value \"1+x3\"");
        assertThatThrownBy(() -> SeriesDescription.parse("x{a=\"1\",a=\"2\"} 1")).hasMessageContaining("label \"a\" set twice");
    }
}
