package dev.meridian.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Span;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TracingSetupTest {
    @Test
    void withoutAnEndpointNothingIsRecorded() {
        try (TracingSetup tracing = TracingSetup.create(Optional.empty(), "meridian-gateway")) {
            Span span = tracing.openTelemetry().getTracer("test").spanBuilder("x").startSpan();

            assertThat(tracing.exporting()).isFalse();
            assertThat(span.isRecording()).isFalse();
        }
    }

    @Test
    void endpointWithoutAPathGetsTheTracesPath() {
        assertThat(TracingSetup.tracesUrl("http://jaeger:4318")).isEqualTo("http://jaeger:4318/v1/traces");
        assertThat(TracingSetup.tracesUrl("http://jaeger:4318/")).isEqualTo("http://jaeger:4318/v1/traces");
        assertThat(TracingSetup.tracesUrl("https://c:443/otlp/v1/traces")).isEqualTo("https://c:443/otlp/v1/traces");
    }

    @Test
    void endpointMustBeAnHttpUrl() {
        assertThatThrownBy(() -> TracingSetup.create(Optional.of("jaeger:4318"), "g"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got: jaeger:4318");
        assertThatThrownBy(() -> TracingSetup.create(Optional.empty(), ""))
                .hasMessage("serviceName must not be empty");
    }
}
