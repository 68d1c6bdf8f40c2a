package dev.meridian.gateway.transport;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * Sends the OpenTelemetry context a call carries in its {@link CallOptions} ({@link #CONTEXT})
 * as W3C {@code traceparent} / {@code tracestate} gRPC metadata, which region.proto says regions
 * continue. The context is passed explicitly rather than read from the current thread because a
 * hedged attempt starts on a timer thread, long after the caller's scope closed.
 */
final class TraceContextInterceptor implements ClientInterceptor {
    /** The context whose span the region's work belongs to. */
    static final CallOptions.Key<Context> CONTEXT = CallOptions.Key.create("meridian-otel-context");

    private static final TextMapSetter<Metadata> SETTER =
            (headers, key, value) -> headers.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value);

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        Context context = options.getOption(CONTEXT);
        ClientCall<Q, R> call = next.newCall(method, options);
        if (context == null) {
            return call;
        }
        return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                W3CTraceContextPropagator.getInstance().inject(context, headers, SETTER);
                super.start(listener, headers);
            }
        };
    }
}
