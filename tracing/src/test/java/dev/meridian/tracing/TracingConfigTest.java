package dev.meridian.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.config.StrictYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TracingConfigTest {
    @TempDir
    Path dir;

    /** What a role's config exception would carry: the key and the problem. */
    private static final class ConfigProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConfigProblem(String key, String problem, Throwable cause) {
            super(key + ": " + problem, cause);
        }
    }

    private TracingConfig read(String text) throws IOException {
        Path file = Files.writeString(dir.resolve("role.yaml"), text);
        StrictYaml yaml = StrictYaml.readMapping(file, "expected a mapping", ConfigProblem::new);
        return TracingConfig.read(yaml, yaml.root());
    }

    @Test
    void readsTheEndpointAsWritten() throws IOException {
        assertThat(read("tracing: {otlpEndpoint: \"http://collector:4318\"}\n").otlpEndpoint())
                .contains("http://collector:4318");
        assertThat(read("tracing:\n  otlpEndpoint: https://otel.example.com/otlp/v1/traces\n").otlpEndpoint())
                .contains("https://otel.example.com/otlp/v1/traces");
    }

    @Test
    void withoutTheBlockOrTheKeyThereIsNoEndpoint() throws IOException {
        assertThat(read("other: 1\n")).isEqualTo(TracingConfig.NONE);
        assertThat(read("tracing: {}\n")).isEqualTo(TracingConfig.NONE);
        assertThat(TracingConfig.NONE.otlpEndpoint()).isEmpty();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "tracing: {otlpEndpoint: \"collector:4318\"}|tracing.otlpEndpoint: expected an http(s) URL with a host, e.g. http://collector:4318 (got: \"collector:4318\")",
        "tracing: {otlpEndpoint: \"ftp://collector:21\"}|tracing.otlpEndpoint: expected an http(s) URL with a host, e.g. http://collector:4318 (got: \"ftp://collector:21\")",
        "tracing: {otlpEndpoint: \"http://col lector:4318\"}|tracing.otlpEndpoint: expected an http(s) URL with a host, e.g. http://collector:4318 (got: \"http://col lector:4318\")",
        "tracing: {otlpEndpoint: \"\"}|tracing.otlpEndpoint: expected a non-empty string (got: \"\")",
        "tracing: {otlpEndpoint: 4318}|tracing.otlpEndpoint: expected a non-empty string (got: 4318)",
        "tracing: {endpoint: \"http://collector:4318\"}|tracing.endpoint: unknown key; expected one of [otlpEndpoint]",
        "tracing: \"http://collector:4318\"|tracing: expected a mapping with otlpEndpoint",
    })
    void aBadBlockIsAnErrorNamingTheKey(String text, String message) {
        assertThatThrownBy(() -> read(text + "\n")).isInstanceOf(ConfigProblem.class).hasMessage(message);
    }

    @Test
    void aConfigMadeInCodeIsCheckedToo() {
        assertThatThrownBy(() -> new TracingConfig(Optional.of("collector:4318")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got: collector:4318");
    }
}
