package dev.meridian.tracing;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * A gRPC client interceptor that sends the caller's trace on: the OpenTelemetry {@link
 * Context#current()} of the thread that makes the call goes out as W3C Trace Context metadata
 * ({@code traceparent}, and {@code tracestate} when it has entries), which {@link
 * GrpcServerTracing} on the other side continues. The W3C format is used whatever propagators an
 * OpenTelemetry instance has, since it is what node.proto and region.proto specify. When the
 * current span context is invalid (no trace) the call goes out unchanged.
 *
 * <p>The context is read when the call is created, which gRPC stubs do on the calling thread. A
 * caller that starts calls from another thread than the one holding the context (the gateway's
 * hedged attempts, started on a timer) must pass the context explicitly instead.
 */
public final class GrpcClientTracing implements ClientInterceptor {
    private static final TextMapSetter<Metadata> METADATA =
            (headers, key, value) -> headers.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value);

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        Context context = Context.current();
        ClientCall<Q, R> call = next.newCall(method, options);
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return call;
        }
        return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                W3CTraceContextPropagator.getInstance().inject(context, headers, METADATA);
                super.start(listener, headers);
            }
        };
    }
}
