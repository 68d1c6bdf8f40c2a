package dev.meridian.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

class GrpcClientTracingTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_ID = "00f067aa0ba902b7";
    private static final Metadata.Key<String> TRACEPARENT = Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> TRACESTATE = Metadata.Key.of("tracestate", Metadata.ASCII_STRING_MARSHALLER);

    private final RecordingChannel channel = new RecordingChannel();
    private final GrpcClientTracing tracing = new GrpcClientTracing();

    @Test
    void theCurrentSpanGoesOutAsW3cTraceContext() {
        Span caller = Span.wrap(SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(),
                TraceState.builder().put("vendor", "abc").build()));
        ClientCall<String, String> call;
        try (Scope ignored = caller.makeCurrent()) {
            call = tracing.interceptCall(TestMethods.FETCH, CallOptions.DEFAULT, channel);
        }
        // gRPC starts the call after creating it; the context is the one of the creating thread.
        call.start(new ClientCall.Listener<>() {}, new Metadata());

        assertThat(channel.started.get(TRACEPARENT)).isEqualTo("00-" + TRACE_ID + "-" + SPAN_ID + "-01");
        assertThat(channel.started.get(TRACESTATE)).isEqualTo("vendor=abc");
    }

    @Test
    void anUnsampledSpanIsSentUnsampled() {
        Span caller = Span.wrap(SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getDefault(), TraceState.getDefault()));
        try (Scope ignored = caller.makeCurrent()) {
            tracing.interceptCall(TestMethods.FETCH, CallOptions.DEFAULT, channel).start(new ClientCall.Listener<>() {}, new Metadata());
        }

        assertThat(channel.started.get(TRACEPARENT)).isEqualTo("00-" + TRACE_ID + "-" + SPAN_ID + "-00");
        assertThat(channel.started.containsKey(TRACESTATE)).isFalse();
    }

    @Test
    void withoutATraceTheCallGoesOutUnchanged() {
        ClientCall<String, String> call = tracing.interceptCall(TestMethods.FETCH, CallOptions.DEFAULT, channel);
        call.start(new ClientCall.Listener<>() {}, new Metadata());

        assertThat(call).isSameAs(channel.created);
        assertThat(channel.started.keys()).isEmpty();
    }

    @Test
    void aContextCarriedInTheCallOptionsIsSentWhateverThreadStartsTheCall() {
        CallOptions.Key<Context> key = CallOptions.Key.create("trace-context");
        GrpcClientTracing explicit = new GrpcClientTracing(key);
        Context carried = Context.root().with(Span.wrap(
                SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault())));
        Span other = Span.wrap(SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                TraceFlags.getSampled(), TraceState.getDefault()));

        try (Scope ignored = other.makeCurrent()) {
            explicit.interceptCall(TestMethods.FETCH, CallOptions.DEFAULT.withOption(key, carried), channel)
                    .start(new ClientCall.Listener<>() {}, new Metadata());
        }
        assertThat(channel.started.get(TRACEPARENT)).isEqualTo("00-" + TRACE_ID + "-" + SPAN_ID + "-01");

        try (Scope ignored = other.makeCurrent()) {
            ClientCall<String, String> without = explicit.interceptCall(TestMethods.FETCH, CallOptions.DEFAULT, channel);
            without.start(new ClientCall.Listener<>() {}, new Metadata());
            assertThat(without).as("no context in the options: the call goes out unchanged").isSameAs(channel.created);
        }
        assertThat(channel.started.keys()).isEmpty();
    }

    /** A channel whose calls do nothing but remember the metadata they were started with. */
    private static final class RecordingChannel extends Channel {
        ClientCall<?, ?> created;
        Metadata started;

        @Override
        public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
            ClientCall<Q, R> call = new ClientCall<>() {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    started = headers;
                }

                @Override
                public void request(int numMessages) {}

                @Override
                public void cancel(String message, Throwable cause) {}

                @Override
                public void halfClose() {}

                @Override
                public void sendMessage(Q message) {}
            };
            created = call;
            return call;
        }

        @Override
        public String authority() {
            return "node-1:9410";
        }
    }
}
