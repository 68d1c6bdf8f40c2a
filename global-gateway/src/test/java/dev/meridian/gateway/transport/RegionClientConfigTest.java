package dev.meridian.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegionClientConfigTest {
    @Test
    void defaults() {
        RegionClientConfig config = RegionClientConfig.builder("eu", List.of("10.0.0.1:9095", "[::1]:9095")).build();

        assertThat(config.hedge()).isEqualTo(HedgePolicy.defaults());
        assertThat(config.breaker()).isEqualTo(BreakerConfig.defaults());
        assertThat(config.infoRefreshInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.parsedEndpoints()).extracting(e -> e.port()).containsExactly(9095, 9095);
    }

    @Test
    void endpointsAreValidated() {
        assertThatThrownBy(() -> RegionClientConfig.builder("eu", List.of()).build())
                .hasMessage("region eu needs at least one endpoint (host:port)");
        assertThatThrownBy(() -> RegionClientConfig.builder("eu", List.of("coordinator")).build())
                .hasMessageContaining("endpoint must be host:port").hasMessageContaining("got: coordinator");
        assertThatThrownBy(() -> RegionClientConfig.builder("eu", List.of("a:1", "a:1")).build())
                .hasMessage("region eu lists endpoint a:1 twice");
        assertThatThrownBy(() -> RegionClientConfig.builder("", List.of("a:1")).build())
                .hasMessage("region name must not be empty");
    }

    @Test
    void durationsAndSizesAreValidated() {
        assertThatThrownBy(() -> RegionClientConfig.builder("eu", List.of("a:1")).infoRefreshInterval(Duration.ZERO).build())
                .hasMessage("region eu: infoRefreshInterval must be > 0 (got: PT0S)");
        assertThatThrownBy(() -> RegionClientConfig.builder("eu", List.of("a:1")).maxResponseMessageBytes(0).build())
                .hasMessage("region eu: maxResponseMessageBytes must be > 0 (got: 0)");
    }

    @Test
    void breakerSettingsAreValidated() {
        Duration s = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new BreakerConfig(0, 10, s, s, Duration.ofSeconds(20), s))
                .hasMessage("breaker failureRateThreshold must be in (0, 1] (got: 0.0)");
        assertThatThrownBy(() -> new BreakerConfig(0.5, -1, s, s, Duration.ofSeconds(20), s))
                .hasMessage("breaker minimumRequestThreshold must be >= 0 (got: -1)");
        assertThatThrownBy(() -> new BreakerConfig(0.5, 10, s, s, s, s))
                .hasMessageContaining("counterUpdateInterval must be shorter than counterSlidingWindow");
        assertThat(BreakerConfig.defaults().newBreaker("region-eu").name()).isEqualTo("region-eu");
    }
}
