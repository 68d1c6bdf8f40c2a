package dev.meridian.promql.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "1ms, 1",
        "5m, 300000",
        "1h30m, 5400000",
        "1d, 86400000",
        "2w, 1209600000",
        "1y, 31536000000",
        "1y2w3d4h5m6s7ms, 33019506007",
    })
    void parses(String text, long millis) {
        assertThat(Durations.parseMillis(text)).isEqualTo(millis);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "m", "5M", "1m1h", "1.5h", "-5m", "5m ", "1hh"})
    void rejects(String text) {
        assertThatThrownBy(() -> Durations.parseMillis(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0s",
        "1, 1ms",
        "90000, 1m30s",
        "5400000, 1h30m",
        "7776000000, 90d",
        "1209600000, 2w",
        "31536000000, 1y",
        "-300000, -5m",
    })
    void formatsLikePrometheus(long millis, String text) {
        assertThat(Durations.format(millis)).isEqualTo(text);
    }
}
