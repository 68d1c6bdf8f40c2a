package dev.meridian.promql.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabelsTest {
    @Test
    void sortsByNameAndDropsEmptyValues() {
        Labels labels = Labels.of("job", "api", "__name__", "up", "empty", "");
        assertThat(labels.toString()).isEqualTo("{__name__=\"up\", job=\"api\"}");
        assertThat(labels.get("empty")).isEmpty();
        assertThat(labels.has("empty")).isFalse();
        assertThat(labels.get("missing")).isEmpty();
    }

    @Test
    void rejectsRepeatedNamesAndOddArguments() {
        assertThatThrownBy(() -> Labels.of("a", "1", "a", "2")).hasMessage("label name \"a\" repeated");
        assertThatThrownBy(() -> Labels.of("a")).hasMessageContaining("name/value pairs");
    }

    @Test
    void ordersAsPrometheusDoes() {
        Labels a = Labels.of("a", "1");
        Labels ab = Labels.of("a", "1", "b", "1");
        Labels a2 = Labels.of("a", "2");
        assertThat(List.of(a2, ab, a).stream().sorted().toList()).containsExactly(a, ab, a2);
        // Code point order, i.e. UTF-8 byte order: U+FF5E sorts before U+1F600 (a surrogate pair).
        assertThat(Labels.compareStrings("\uFF5E", "\uD83D\uDE00")).isNegative();
    }

    @Test
    void keepsAndDropsLabels() {
        Labels labels = Labels.of("__name__", "x", "a", "1", "b", "2");
        assertThat(labels.withoutMetricName()).isEqualTo(Labels.of("a", "1", "b", "2"));
        assertThat(labels.keep(Set.of("a", "zzz"))).isEqualTo(Labels.of("a", "1"));
        assertThat(labels.without(Set.of("a"))).isEqualTo(Labels.of("__name__", "x", "b", "2"));
        assertThat(labels.toBuilder().set("b", "").set("c", "3").build()).isEqualTo(Labels.of("__name__", "x", "a", "1", "c", "3"));
    }

    @Test
    void equalLabelsHashAlike() {
        assertThat(Labels.of("a", "1", "b", "2")).isEqualTo(Labels.of("b", "2", "a", "1"))
                .hasSameHashCodeAs(Labels.of("b", "2", "a", "1"));
        assertThat(Labels.of("a", "1")).isNotEqualTo(Labels.of("a", "2"));
    }

    @Test
    void validatesNames() {
        assertThat(Labels.isValidName("_job9")).isTrue();
        assertThat(Labels.isValidName("9job")).isFalse();
        assertThat(Labels.isValidName("a-b")).isFalse();
        assertThat(Labels.isValidName("")).isFalse();
    }

    @Test
    void quotesValuesLikeGo() {
        assertThat(Labels.of("a", "x\"y\\z\n\u0001é").toString()).isEqualTo("{a=\"x\\\"y\\\\z\\n\\x01é\"}");
    }
}
