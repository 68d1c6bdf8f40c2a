package dev.meridian.coordinator.querycmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiTimesTest {
    @Test
    void timesAreUnixSecondsOrRfc3339() {
        assertThat(ApiTimes.parseTime("1700000000")).isEqualTo(1_700_000_000_000L);
        assertThat(ApiTimes.parseTime("1700000000.1234")).isEqualTo(1_700_000_000_123L);
        assertThat(ApiTimes.parseTime("2023-11-14T22:13:20Z")).isEqualTo(1_700_000_000_000L);
        assertThat(ApiTimes.parseTime("2023-11-14T23:13:20.5+01:00")).isEqualTo(1_700_000_000_500L);
        assertThatThrownBy(() -> ApiTimes.parseTime("yesterday")).hasMessageStartingWith("not a time: \"yesterday\"");
    }

    @Test
    void durationsAreSecondsOrPrometheusDurations() {
        assertThat(ApiTimes.parseDuration("15")).isEqualTo(15_000);
        assertThat(ApiTimes.parseDuration("0.5")).isEqualTo(500);
        assertThat(ApiTimes.parseDuration("1m30s")).isEqualTo(90_000);
        assertThatThrownBy(() -> ApiTimes.parseDuration("15 s")).hasMessageStartingWith("not a duration: \"15 s\"");
    }

    @Test
    void formatsMillisecondsAsSeconds() {
        assertThat(ApiTimes.formatSeconds(1_700_000_000_123L)).isEqualTo("1700000000.123");
        assertThat(ApiTimes.formatSeconds(15_000)).isEqualTo("15.000");
    }
}
