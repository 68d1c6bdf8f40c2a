package dev.meridian.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HedgePolicyTest {
    private static final long MS = 1_000_000;

    private static LatencyWindow windowOf(long... millis) {
        LatencyWindow window = new LatencyWindow(100);
        for (long m : millis) {
            window.record(m * MS);
        }
        return window;
    }

    @Test
    void quantileIsNearestRank() {
        LatencyWindow window = new LatencyWindow(100);
        for (int i = 1; i <= 100; i++) {
            window.record(i * MS);
        }

        assertThat(window.quantileNanos(0.95)).isEqualTo(95 * MS);
        assertThat(window.quantileNanos(0.5)).isEqualTo(50 * MS);
        assertThat(window.quantileNanos(1.0)).isEqualTo(100 * MS);
        assertThat(windowOf(7).quantileNanos(0.95)).isEqualTo(7 * MS);
    }

    @Test
    void windowKeepsOnlyTheMostRecentLatencies() {
        LatencyWindow window = new LatencyWindow(10);
        for (int i = 0; i < 10; i++) {
            window.record(1000 * MS);
        }
        for (int i = 0; i < 10; i++) {
            window.record(MS);
        }

        assertThat(window.size()).isEqualTo(10);
        assertThat(window.quantileNanos(0.95)).isEqualTo(MS);
    }

    @Test
    void percentileIsClampedAndWaitsForEnoughSamples() {
        HedgePolicy policy = HedgePolicy.percentile(0.95, 100, Duration.ofMillis(20), Duration.ofMillis(500));

        assertThat(policy.delayNanos(windowOf(1, 1, 1)).getAsLong()).as("too few samples: max").isEqualTo(500 * MS);
        assertThat(policy.delayNanos(windowOf(1, 1, 1, 1, 1, 1, 1, 1, 1, 1)).getAsLong()).isEqualTo(20 * MS);
        assertThat(policy.delayNanos(windowOf(9, 9, 9, 9, 9, 9, 9, 9, 9, 100)).getAsLong()).isEqualTo(100 * MS);
        assertThat(policy.delayNanos(windowOf(9, 9, 9, 9, 9, 9, 9, 9, 9, 9000)).getAsLong()).isEqualTo(500 * MS);
    }

    @Test
    void fixedAndOff() {
        assertThat(HedgePolicy.fixed(Duration.ofMillis(30)).delayNanos(windowOf()).getAsLong()).isEqualTo(30 * MS);
        assertThat(HedgePolicy.off().delayNanos(windowOf(1))).isEmpty();
    }

    @Test
    void invalidSettingsNameTheValue() {
        assertThatThrownBy(() -> HedgePolicy.percentile(1.5, 100, Duration.ofMillis(1), Duration.ofMillis(2)))
                .hasMessageContaining("got: 1.5");
        assertThatThrownBy(() -> HedgePolicy.percentile(0.9, 100, Duration.ofMillis(5), Duration.ofMillis(2)))
                .hasMessageContaining("max delay must be >= min delay");
        assertThatThrownBy(() -> HedgePolicy.percentile(0.9, 3, Duration.ofMillis(1), Duration.ofMillis(2)))
                .hasMessageContaining("got: 3");
        assertThatThrownBy(() -> HedgePolicy.fixed(Duration.ZERO)).hasMessageContaining("got: PT0S");
    }
}
