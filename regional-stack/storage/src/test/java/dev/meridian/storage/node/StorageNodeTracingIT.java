package dev.meridian.storage.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.storage.StorageException;
import dev.meridian.storage.WriteBatch;
import dev.meridian.storage.series.SeriesLabels;
import dev.meridian.tracing.GrpcClientTracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node server started with an OpenTelemetry SDK, called by a {@link StorageNodeClient} that sends
 * the caller's trace ({@link GrpcClientTracing}): each call is a SERVER span {@code node.<Method>}
 * in the caller's trace. Caller and node share one in-memory exporter, as they would share a
 * collector.
 */
class StorageNodeTracingIT {
    @TempDir
    static Path dataDir;

    private static final FakeStorage storage = new FakeStorage("raw");
    private static final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private static OpenTelemetrySdk openTelemetry;
    private static StorageNodeServer server;
    private static StorageNodeClient client;

    @BeforeAll
    static void start() {
        openTelemetry = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .build();
        NodeConfig config = NodeConfig.builder(dataDir).server(ServerConfig.defaults().withAddress("127.0.0.1", 0)).build();
        server = StorageNodeServer.start(config, storage, openTelemetry);
        client = StorageNodeClient.connect("127.0.0.1", server.port(), Duration.ofSeconds(20), List.of(new GrpcClientTracing()));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (openTelemetry != null) {
            openTelemetry.close();
        }
    }

    @BeforeEach
    void reset() {
        storage.reset();
        spans.reset();
    }

    @Test
    void eachCallIsAServerSpanInTheCallersTrace() {
        Span caller = openTelemetry.getTracer("test").spanBuilder("storage.Fetch").setSpanKind(SpanKind.CLIENT).startSpan();
        try (Scope ignored = caller.makeCurrent()) {
            client.write("raw", new WriteBatch().add(SeriesLabels.of("__name__", "up", "job", "api"), new long[] {1_000},
                    new double[] {1}, 1));
            List<String> seen = new ArrayList<>();
            client.fetch("raw", List.of(LabelMatcher.equal("__name__", "up")), 0, 10_000, series -> seen.add(series.labels().toString()));
            assertThat(seen).hasSize(1);
        } finally {
            caller.end();
        }

        SpanData write = span("node.Write");
        SpanData fetch = span("node.Fetch");
        for (SpanData node : List.of(write, fetch)) {
            assertThat(node.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(node.getTraceId()).isEqualTo(caller.getSpanContext().getTraceId());
            assertThat(node.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
            assertThat(node.getAttributes().get(AttributeKey.stringKey("rpc.service"))).isEqualTo("meridian.node.StorageNode");
            assertThat(node.getAttributes().get(AttributeKey.longKey("rpc.grpc.status_code"))).isZero();
        }
        assertThat(fetch.getAttributes().get(AttributeKey.stringKey("rpc.method"))).isEqualTo("Fetch");
    }

    @Test
    void aCallOutsideATraceStartsOneAtTheNode() {
        client.labelNames("raw", List.of(), 0, 10_000);

        SpanData labelNames = span("node.LabelNames");
        assertThat(labelNames.getParentSpanContext().isValid()).isFalse();
    }

    @Test
    void aFailedCallEndsItsSpanWithStatusError() {
        Span caller = openTelemetry.getTracer("test").spanBuilder("storage.LabelValues").startSpan();
        try (Scope ignored = caller.makeCurrent()) {
            assertThatThrownBy(() -> client.labelValues("agg_5m", "job", List.of(), 0, 10_000))
                    .isInstanceOf(StorageException.class);
        } finally {
            caller.end();
        }

        SpanData labelValues = span("node.LabelValues");
        assertThat(labelValues.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
        assertThat(labelValues.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(labelValues.getStatus().getDescription()).startsWith("NOT_FOUND").contains("agg_5m");
    }

    private static SpanData span(String name) {
        List<SpanData> named = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(named).as("spans named %s", name).hasSize(1);
        return named.get(0);
    }
}
