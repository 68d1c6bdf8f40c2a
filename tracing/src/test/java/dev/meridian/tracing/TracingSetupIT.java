package dev.meridian.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;
import io.opentelemetry.api.trace.SpanKind;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** TracingSetup against a stand-in OTLP/HTTP collector on loopback. */
class TracingSetupIT {
    @Test
    void spansArePostedAsOtlpProtobufToTheCollectorOnClose() {
        List<String> contentTypes = new CopyOnWriteArrayList<>();
        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        Server collector = Server.builder()
                .http(new InetSocketAddress("127.0.0.1", 0))
                .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
                .service("/v1/traces", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(request -> {
                    contentTypes.add(String.valueOf(request.contentType()));
                    bodies.add(request.content().array());
                    return HttpResponse.of(HttpStatus.OK);
                })))
                .build();
        collector.start().join();
        try {
            try (TracingSetup tracing = TracingSetup.create(
                    Optional.of("http://127.0.0.1:" + collector.activeLocalPort()), "meridian-gateway")) {
                assertThat(tracing.exporting()).isTrue();
                tracing.openTelemetry().getTracer("test").spanBuilder("region.Query")
                        .setSpanKind(SpanKind.CLIENT)
                        .setAttribute("meridian.endpoint", "10.0.0.1:9095")
                        .startSpan()
                        .end();
            }

            assertThat(contentTypes).containsExactly("application/x-protobuf");
            String body = new String(bodies.get(0), StandardCharsets.ISO_8859_1);
            assertThat(body).contains("region.Query").contains("meridian-gateway").contains("10.0.0.1:9095");
        } finally {
            collector.stop().join();
        }
    }
}
