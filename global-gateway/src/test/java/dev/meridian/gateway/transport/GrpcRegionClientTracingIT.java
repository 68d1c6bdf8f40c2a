package dev.meridian.gateway.transport;

import static dev.meridian.gateway.transport.TestCalls.await;
import static dev.meridian.gateway.transport.TestCalls.failure;
import static dev.meridian.gateway.transport.TestCalls.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.gateway.region.RegionQuery;
import dev.meridian.gateway.region.StoreQuery;
import dev.meridian.gateway.trace.RegionCallTracer;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.proto.region.SeriesPoints;
import io.grpc.Status;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GrpcRegionClientTracingIT {
    private static FakeRegionServer server;

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .build();
    private GrpcRegionClient client;

    @BeforeAll
    static void startServer() {
        server = new FakeRegionServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        sdk.close();
        server.reset();
    }

    private GrpcRegionClient client(OpenTelemetry openTelemetry) {
        client = GrpcRegionClient.builder(RegionClientConfig.builder("eu", List.of(server.endpoint()))
                .hedge(HedgePolicy.off()).build()).openTelemetry(openTelemetry).build();
        return client;
    }

    /** Makes the call inside a span of the caller, as the gateway's query would. */
    private <T> CompletableFuture<T> withinParent(Span parent, Supplier<CompletableFuture<T>> call) {
        try (Scope ignored = parent.makeCurrent()) {
            return call.get();
        }
    }

    private SpanData finished(String name) {
        return exporter.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals(name))
                .reduce((first, second) -> {
                    throw new AssertionError("more than one span " + name);
                })
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + exporter.getFinishedSpanItems()));
    }

    @Test
    void queryGetsAClientSpanUnderTheCallersSpanAndTheRegionContinuesIt() throws Exception {
        server.querySeries = List.of(
                SeriesPoints.newBuilder().addLabels(FakeRegionServer.label("job", "a")).addTimestamps(1).addValues(1).build(),
                SeriesPoints.newBuilder().addLabels(FakeRegionServer.label("job", "b")).addTimestamps(1).addValues(2).build());
        client(sdk);
        Span parent = sdk.getTracer("test").spanBuilder("gateway query").startSpan();

        await(withinParent(parent, () -> client.query(new RegionQuery("sum(x)", 1000, 5000, 1000), seconds(10))));
        parent.end();

        SpanData span = finished("region.Query");
        assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(span.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
        assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
        assertThat(span.getAttributes().get(RegionCallTracer.REGION)).isEqualTo("eu");
        assertThat(span.getAttributes().get(RegionCallTracer.ENDPOINT)).isEqualTo(server.endpoint());
        assertThat(span.getAttributes().get(RegionCallTracer.EXPR)).isEqualTo("sum(x)");
        assertThat(span.getAttributes().get(RegionCallTracer.START)).isEqualTo(1000);
        assertThat(span.getAttributes().get(RegionCallTracer.END)).isEqualTo(5000);
        assertThat(span.getAttributes().get(RegionCallTracer.STEP)).isEqualTo(1000);
        assertThat(span.getAttributes().get(RegionCallTracer.SERIES)).isEqualTo(2);
        assertThat(span.getAttributes().get(RegionCallTracer.WIRE_BYTES)).isEqualTo(server.bytesSent.get());
        assertThat(span.getAttributes().get(RegionCallTracer.STATUS)).isEqualTo("ok");
        assertThat(span.getAttributes().get(RegionCallTracer.HEDGED)).isFalse();
        assertThat(server.traceparents).containsExactly("00-" + span.getTraceId() + "-" + span.getSpanId() + "-01");
    }

    @Test
    void storeAndMetadataCallsGetTheirOwnSpans() throws Exception {
        client(sdk);

        await(client.store(new StoreQuery(List.of(LabelMatcher.equal("job", "a")), 10, 20, SelectHints.ofRange(10, 20)),
                seconds(10)));
        await(client.labelNames(List.of(), 10, 20, seconds(10)));

        SpanData store = finished("region.Store");
        assertThat(store.getAttributes().get(RegionCallTracer.MATCHERS)).isEqualTo("[job=\"a\"]");
        assertThat(store.getAttributes().get(RegionCallTracer.SERIES)).isZero();
        assertThat(finished("region.LabelNames").getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(server.traceparents).hasSize(2).allSatisfy(traceparent -> assertThat(traceparent).startsWith("00-"));
    }

    @Test
    void failedCallEndsItsSpanWithAnErrorAndTheFailureKind() {
        server.failWith(Status.INVALID_ARGUMENT.withDescription("parse error"), "bad_data");
        client(sdk);

        failure(client.query(new RegionQuery("sum(", 1, 1, 0), seconds(10)));

        SpanData span = finished("region.Query");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getStatus().getDescription()).contains("parse error");
        assertThat(span.getAttributes().get(RegionCallTracer.STATUS)).isEqualTo("bad_request");
    }

    @Test
    void withoutTracingTheCallersTraceContextStillReachesTheRegion() throws Exception {
        client(OpenTelemetry.noop());
        Span parent = sdk.getTracer("test").spanBuilder("gateway query").startSpan();

        await(withinParent(parent, () -> client.query(new RegionQuery("x", 1, 1, 0), seconds(10))));
        parent.end();

        assertThat(server.traceparents).containsExactly(
                "00-" + parent.getSpanContext().getTraceId() + "-" + parent.getSpanContext().getSpanId() + "-01");
    }

    @Test
    void withoutAnyTraceNoTraceparentIsSent() throws Exception {
        client(OpenTelemetry.noop());

        await(client.query(new RegionQuery("x", 1, 1, 0), seconds(10)));

        assertThat(server.traceparents).containsExactly("");
    }
}
