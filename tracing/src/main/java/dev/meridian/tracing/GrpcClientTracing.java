package dev.meridian.tracing;

import static java.util.Objects.requireNonNull;

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
import java.util.function.Function;

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
 * hedged attempts, started on a timer) passes the context with each call instead, in its
 * {@link CallOptions} ({@link #GrpcClientTracing(CallOptions.Key)}).
 */
public final class GrpcClientTracing implements ClientInterceptor {
    private static final TextMapSetter<Metadata> METADATA =
            (headers, key, value) -> headers.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value);

    private final Function<CallOptions, Context> contextOf;

    /** Sends the context current on the thread that creates each call. */
    public GrpcClientTracing() {
        this.contextOf = options -> Context.current();
    }

    /**
     * Sends the context each call carries in its options under {@code key} (a call without one goes
     * out unchanged), e.g. {@code stub.withOption(key, context)}.
     */
    public GrpcClientTracing(CallOptions.Key<Context> key) {
        requireNonNull(key, "key is null");
        this.contextOf = options -> options.getOption(key);
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        Context context = contextOf.apply(options);
        ClientCall<Q, R> call = next.newCall(method, options);
        if (context == null || !Span.fromContext(context).getSpanContext().isValid()) {
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
