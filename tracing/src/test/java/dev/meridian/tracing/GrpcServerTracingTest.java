package dev.meridian.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GrpcServerTracingTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .build();
    private final GrpcServerTracing tracing = new GrpcServerTracing(openTelemetry.getTracer("test"), "node");
    private final RecordingHandler handler = new RecordingHandler();
    private final FakeServerCall call = new FakeServerCall();

    @AfterEach
    void closeSdk() {
        openTelemetry.close();
    }

    @Test
    void aCallContinuesTheCallersTraceInAServerSpanNamedAfterThePrefixAndMethod() {
        ServerCall.Listener<String> listener = tracing.interceptCall(call, traceparent(CALLER_SPAN_ID), handler);
        listener.onMessage("request");
        listener.onHalfClose();
        assertThat(spans.getFinishedSpanItems()).as("open until the call closes").isEmpty();
        handler.call.close(Status.OK, new Metadata());

        SpanData span = onlySpan();
        assertThat(span.getName()).isEqualTo("node.Fetch");
        assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(span.getParentSpanId()).isEqualTo(CALLER_SPAN_ID);
        assertThat(span.getParentSpanContext().isRemote()).isTrue();
        assertThat(span.getAttributes().get(AttributeKey.stringKey("rpc.system"))).isEqualTo("grpc");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("rpc.service"))).isEqualTo("meridian.node.StorageNode");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("rpc.method"))).isEqualTo("Fetch");
        assertThat(span.getAttributes().get(AttributeKey.longKey("rpc.grpc.status_code"))).isZero();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(call.closedWith).isEqualTo(Status.OK);
        // The service saw the span as current when gRPC started the call and handed it the request.
        assertThat(handler.currentSpans).hasSize(3).allSatisfy(current -> assertThat(current).isEqualTo(span.getSpanContext()));
    }

    @Test
    void theRegionServicesPrefixNamesItsSpansAsBefore() {
        GrpcServerTracing region = new GrpcServerTracing(openTelemetry.getTracer("test"), "region");
        region.interceptCall(call, new Metadata(), handler);
        handler.call.close(Status.OK, new Metadata());

        assertThat(onlySpan().getName()).isEqualTo("region.Fetch");
    }

    @Test
    void withoutTraceparentTheSpanStartsATrace() {
        tracing.interceptCall(call, new Metadata(), handler);
        handler.call.close(Status.OK, new Metadata());

        SpanData span = onlySpan();
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        assertThat(span.getTraceId()).isNotEqualTo(TRACE_ID);
    }

    @Test
    void aFailedCallEndsItsSpanWithStatusError() {
        tracing.interceptCall(call, traceparent(CALLER_SPAN_ID), handler);
        handler.call.close(Status.NOT_FOUND.withDescription("no namespace agg_5m"), new Metadata());

        SpanData span = onlySpan();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getStatus().getDescription()).isEqualTo("NOT_FOUND: no namespace agg_5m");
        assertThat(span.getAttributes().get(AttributeKey.longKey("rpc.grpc.status_code"))).isEqualTo(5);
    }

    @Test
    void aCancelledCallEndsItsSpanOnce() {
        ServerCall.Listener<String> listener = tracing.interceptCall(call, traceparent(CALLER_SPAN_ID), handler);
        listener.onCancel();
        handler.call.close(Status.CANCELLED, new Metadata());

        SpanData span = onlySpan();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getStatus().getDescription()).startsWith("CANCELLED: the client cancelled");
        assertThat(span.getAttributes().get(AttributeKey.longKey("rpc.grpc.status_code"))).isEqualTo(1);
    }

    @Test
    void thePrefixMustNotBeBlank() {
        assertThatThrownBy(() -> new GrpcServerTracing(openTelemetry.getTracer("test"), " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("spanNamePrefix must not be blank");
    }

    private SpanData onlySpan() {
        assertThat(spans.getFinishedSpanItems()).hasSize(1);
        return spans.getFinishedSpanItems().get(0);
    }

    private static Metadata traceparent(String parentSpanId) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER), "00-" + TRACE_ID + "-" + parentSpanId + "-01");
        return headers;
    }

    /** Stands in for the service: records the span current whenever gRPC calls into it. */
    private static final class RecordingHandler implements ServerCallHandler<String, String> {
        final List<SpanContext> currentSpans = new ArrayList<>();
        ServerCall<String, String> call;

        @Override
        public ServerCall.Listener<String> startCall(ServerCall<String, String> call, Metadata headers) {
            this.call = call;
            currentSpans.add(Span.current().getSpanContext());
            return new ServerCall.Listener<>() {
                @Override
                public void onMessage(String message) {
                    currentSpans.add(Span.current().getSpanContext());
                }

                @Override
                public void onHalfClose() {
                    currentSpans.add(Span.current().getSpanContext());
                }
            };
        }
    }

    /** The transport's side of a call: remembers how it was closed. */
    private static final class FakeServerCall extends ServerCall<String, String> {
        Status closedWith;

        @Override
        public void request(int numMessages) {}

        @Override
        public void sendHeaders(Metadata headers) {}

        @Override
        public void sendMessage(String message) {}

        @Override
        public void close(Status status, Metadata trailers) {
            closedWith = status;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public MethodDescriptor<String, String> getMethodDescriptor() {
            return TestMethods.FETCH;
        }
    }
}
