package dev.meridian.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.gateway.exec.PartialResponse;
import dev.meridian.gateway.transport.HedgePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {
    @TempDir
    Path dir;

    private GatewayConfig load(String yaml) throws IOException {
        return GatewayConfig.load(Files.writeString(dir.resolve("gateway.yaml"), yaml));
    }

    @Test
    void readsEveryKey() throws IOException {
        GatewayConfig config = load("""
                server: {host: 0.0.0.0, port: 9999}
                regions:
                  - {name: eu-west, endpoints: ["10.0.0.1:9200", "10.0.0.2:9200"]}
                  - {name: us-east, endpoints: ["10.1.0.1:9200"]}
                partialResponse: abort
                minRegions: 1
                regionTimeout: 5s
                hedge: {delay: 150ms}
                cache: {enabled: false}
                query: {maxSamples: 1000, timeout: 30s, maxConcurrency: 3}
                tracing: {otlpEndpoint: "http://127.0.0.1:4318"}
                """);

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(9999);
        assertThat(config.regions()).extracting(GatewayConfig.RegionEndpoints::name).containsExactly("eu-west", "us-east");
        assertThat(config.regions().get(0).endpoints()).containsExactly("10.0.0.1:9200", "10.0.0.2:9200");
        assertThat(config.partialResponse()).isEqualTo(PartialResponse.ABORT);
        assertThat(config.minRegions()).isEqualTo(1);
        assertThat(config.regionTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.hedge()).isEqualTo(HedgePolicy.fixed(Duration.ofMillis(150)));
        assertThat(config.cache()).isEmpty();
        assertThat(config.limits().maxSamples()).isEqualTo(1000);
        assertThat(config.limits().queryTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.queryConcurrency()).isEqualTo(3);
        assertThat(config.otlpEndpoint()).contains("http://127.0.0.1:4318");
    }

    @Test
    void defaultsNeedOnlyRegions() throws IOException {
        GatewayConfig config = load("regions: [{name: eu-west, endpoints: [\"127.0.0.1:9200\"]}]\n");

        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.partialResponse()).isEqualTo(PartialResponse.WARN);
        assertThat(config.regionTimeout()).isEqualTo(config.limits().queryTimeout());
        assertThat(config.cache()).isPresent();
        assertThat(config.otlpEndpoint()).isEmpty();
        assertThat(config.regions()).hasSize(1);
        assertThat(config.regions().get(0).endpoints()).isEqualTo(List.of("127.0.0.1:9200"));
    }

    @Test
    void problemsNameTheKey() {
        assertThatThrownBy(() -> load("regions: [{name: a, endpoints: [\"nohost\"]}]\n"))
                .isInstanceOf(GatewayConfigException.class)
                .hasMessageEndingWith("regions[0].endpoints[0]: expected host:port (got: \"nohost\")");
        assertThatThrownBy(() -> load("regions: [{name: a, endpoints: [\"h:1\"]}, {name: a, endpoints: [\"h:2\"]}]\n"))
                .hasMessageEndingWith("regions[1].name: region a is listed twice");
        assertThatThrownBy(() -> load("regions: [{name: a, endpoints: [\"h:1\"]}]\npartialResponse: maybe\n"))
                .hasMessageEndingWith("partialResponse: expected warn or abort (got: \"maybe\")");
        assertThatThrownBy(() -> load("regions: [{name: a, endpoints: [\"h:1\"]}]\nquery: {maxSeries: 0}\n"))
                .hasMessageEndingWith("query.maxSeries: expected a whole number from 1 to 2147483647 (got: 0)");
        assertThatThrownBy(() -> load("regions: [{name: a, endpoints: [\"h:1\"]}]\ntracing: {otlpEndpoint: \"jaeger:4318\"}\n"))
                .hasMessageEndingWith("tracing.otlpEndpoint: expected an http(s) URL with a host, e.g. http://collector:4318"
                        + " (got: \"jaeger:4318\")");
        assertThatThrownBy(() -> load("regionz: []\n")).hasMessageContaining("regionz: unknown key");
    }
}
