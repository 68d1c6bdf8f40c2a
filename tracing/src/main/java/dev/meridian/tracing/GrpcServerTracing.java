package dev.meridian.tracing;

import static java.util.Objects.requireNonNull;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A gRPC server interceptor that runs every call in a SERVER span named {@code
 * <prefix>.<Method>} (the region service's {@code region.Query}, a storage node's {@code
 * node.Fetch}) that continues the caller's trace: the parent is read from the W3C Trace Context
 * headers {@code traceparent} and {@code tracestate} in the call's metadata (region.proto's and
 * node.proto's "Tracing"), whatever propagators the {@code OpenTelemetry} instance was configured
 * with, since that is the protocols' contract. Without a valid {@code traceparent} the span starts
 * a new trace. {@link GrpcClientTracing} is the sending side.
 *
 * <p>The span has the attributes {@code rpc.system=grpc}, {@code rpc.service} (e.g. {@code
 * meridian.node.StorageNode}) and {@code rpc.method}. Its context is current while gRPC runs the
 * call's listener, so the service method sees it as {@link Context#current()} and can hand it to
 * the thread that does the work. The span ends when the call closes (attribute {@code
 * rpc.grpc.status_code}, status ERROR with the code and description unless OK) or when the client
 * cancels it (status ERROR, {@code CANCELLED}).
 */
public final class GrpcServerTracing implements ServerInterceptor {
    /** Reads propagation headers from gRPC metadata; binary ({@code -bin}) headers are never trace headers. */
    private static final TextMapGetter<Metadata> METADATA = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Metadata carrier) {
            List<String> keys = new ArrayList<>();
            for (String key : carrier.keys()) {
                if (!key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                    keys.add(key);
                }
            }
            return keys;
        }

        @Override
        public String get(Metadata carrier, String key) {
            if (carrier == null || key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                return null;
            }
            return carrier.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
        }
    };

    private final Tracer tracer;
    private final String spanNamePrefix;

    /**
     * @param tracer the tracer of the instrumented component, e.g. {@code
     *     openTelemetry.getTracer("dev.meridian.storage.node")}
     * @param spanNamePrefix what comes before the method in span names: {@code region} gives
     *     {@code region.Query}, {@code node} gives {@code node.Fetch}
     */
    public GrpcServerTracing(Tracer tracer, String spanNamePrefix) {
        this.tracer = requireNonNull(tracer, "tracer is null");
        this.spanNamePrefix = requireNonNull(spanNamePrefix, "spanNamePrefix is null");
        if (spanNamePrefix.isBlank()) {
            throw new IllegalArgumentException("spanNamePrefix must not be blank");
        }
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, METADATA);
        String method = call.getMethodDescriptor().getBareMethodName();
        Span span = tracer.spanBuilder(spanNamePrefix + "." + method)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("rpc.system", "grpc")
                .setAttribute("rpc.service", call.getMethodDescriptor().getServiceName())
                .setAttribute("rpc.method", method)
                .startSpan();
        Context context = parent.with(span);
        AtomicBoolean ended = new AtomicBoolean();
        ServerCall<Q, R> traced = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                end(span, ended, status);
                super.close(status, trailers);
            }
        };
        ServerCall.Listener<Q> listener;
        try (Scope ignored = context.makeCurrent()) {
            listener = next.startCall(traced, headers);
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onMessage(Q message) {
                try (Scope ignored = context.makeCurrent()) {
                    super.onMessage(message);
                }
            }

            @Override
            public void onHalfClose() {
                try (Scope ignored = context.makeCurrent()) {
                    super.onHalfClose();
                }
            }

            @Override
            public void onReady() {
                try (Scope ignored = context.makeCurrent()) {
                    super.onReady();
                }
            }

            @Override
            public void onCancel() {
                try (Scope ignored = context.makeCurrent()) {
                    super.onCancel();
                } finally {
                    end(span, ended, Status.CANCELLED.withDescription("the client cancelled the call or its deadline passed"));
                }
            }

            @Override
            public void onComplete() {
                try (Scope ignored = context.makeCurrent()) {
                    super.onComplete();
                }
            }
        };
    }

    private static void end(Span span, AtomicBoolean ended, Status status) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        span.setAttribute("rpc.grpc.status_code", status.getCode().value());
        if (!status.isOk()) {
            span.setStatus(StatusCode.ERROR, status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription()));
        }
        span.end();
    }
}
