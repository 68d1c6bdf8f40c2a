package dev.meridian.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link GoTime} against the answers of a real Prometheus 2.42 (recorded with its /api/v1/query). */
class GoTimeTest {
    @ParameterizedTest
    @CsvSource({
        "1, 1000",
        "1.0005, 1000",        // 0.0005 is a hair below half a millisecond in float64
        "1.0015, 1002",
        "-1.0015, -1002",
        "1700000000.0015, 1700000000001", // and here a hair below 1.5
        "1e3, 1000000",
        "0x1p3, 8000",
        "1_000, 1000000",
        "+5, 5000",
        "1e30, 0",             // int64(1e30) is MinInt64 on amd64; times 1000 wraps to 0
        "2023-01-02T1:04:05Z, 1672621445000",
        "2023-01-02T01:04:05.5Z, 1672621445500",
        "'2023-01-02T01:04:05,5Z', 1672621445500",
        "2023-01-02T01:04:05.123456789+01:00, 1672617845123",
        "2023-01-02T01:04:05+30:00, 1672513445000",
    })
    void parsesTimesAs242(String text, long millis) {
        assertThat(GoTime.parse(text).toMillis()).isEqualTo(millis);
    }

    @Test
    void turnsNanAndInfinityIntoWhatGoMakesOfThem() {
        // 2.42 answers time() at time=NaN and time=Inf with -9223372036.854.
        assertThat(GoTime.parse("NaN").toEngineMillis()).isEqualTo(-9_223_372_036_854L);
        assertThat(GoTime.parse("Inf").toEngineMillis()).isEqualTo(-9_223_372_036_854L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "abc", "2023-01-02T01:04:05.1234567891Z", "2023-01-02T01:04Z", "2023-01-02t01:04:05z",
        "2023-02-30T01:04:05Z", "2023-01-02T24:00:00Z", "1e400", "1__0", "_1", "+nan"})
    void refusesWhat242Refuses(String text) {
        assertThatThrownBy(() -> GoTime.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot parse \"" + text + "\" to a valid timestamp");
    }

    @Test
    void knowsTheBoundsGoClientsSend() {
        assertThat(GoTime.parse(GoTime.MIN_FORMATTED)).isEqualTo(GoTime.MIN);
        assertThat(GoTime.parse(GoTime.MAX_FORMATTED)).isEqualTo(GoTime.MAX);
        assertThat(GoTime.MIN.toMillis()).isEqualTo(-9_223_309_901_257_974_000L);
        assertThat(GoTime.MAX.toMillis()).isEqualTo(9_223_309_901_257_974_999L);
    }

    @Test
    void subtractsWithGoSaturation() {
        assertThat(GoTime.parse("2").minusNanos(GoTime.parse("1.5"))).isEqualTo(500_000_000L);
        assertThat(GoTime.MAX.minusNanos(GoTime.MIN)).isEqualTo(Long.MAX_VALUE);
        assertThat(GoTime.MIN.minusNanos(GoTime.MAX)).isEqualTo(Long.MIN_VALUE);
        assertThat(GoTime.parse("1").isBefore(GoTime.parse("1.001"))).isTrue();
        assertThat(GoTime.parse("1.001").isBefore(GoTime.parse("1"))).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"15, 15000000000", "0.5, 500000000", "1m30s, 90000000000", "1y, 31536000000000000", "0, 0", "-1, -1000000000",
        "0.0001, 100000"})
    void parsesDurationsAs242(String text, long nanos) {
        assertThat(GoTime.parseDurationNanos(text)).isEqualTo(nanos);
    }

    @Test
    void refusesBadDurationsWith242sMessages() {
        assertThatThrownBy(() -> GoTime.parseDurationNanos("abc")).hasMessage("cannot parse \"abc\" to a valid duration");
        assertThatThrownBy(() -> GoTime.parseDurationNanos("-1s")).hasMessage("cannot parse \"-1s\" to a valid duration");
        assertThatThrownBy(() -> GoTime.parseDurationNanos("1e10"))
                .hasMessage("cannot parse \"1e10\" to a valid duration. It overflows int64");
        assertThat(GoTime.parseDurationNanos("NaN")).as("NaN seconds convert to MinInt64, then fail the step > 0 check")
                .isEqualTo(Long.MIN_VALUE);
    }
}
