package dev.meridian.storage.node;

import static java.util.Objects.requireNonNull;

import dev.meridian.proto.node.StorageNodeGrpc;
import dev.meridian.storage.SeriesError;
import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.WriteResult;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The node's request meters, named {@code meridian_storage_rpc_<what>_<unit>} once rendered for
 * Prometheus (Micrometer adds the unit and {@code _total}):
 *
 * <ul>
 *   <li>{@code meridian_storage_rpc_requests_total{method, code}}: finished calls by gRPC status
 *       code ({@code OK}, {@code INVALID_ARGUMENT}, ..., {@code CANCELLED} when the client gave up)
 *   <li>{@code meridian_storage_rpc_duration_seconds{method}}: from the call's start to its
 *       status, a histogram with buckets from 1ms to 2m; for Fetch this covers the whole stream
 *   <li>{@code meridian_storage_rpc_samples_written_total}: samples stored by Write calls
 *   <li>{@code meridian_storage_rpc_samples_rejected_total{code}}: samples of refused series, by
 *       storage error code
 *   <li>{@code meridian_storage_rpc_fetch_series_total}, {@code
 *       meridian_storage_rpc_fetch_messages_total}, {@code meridian_storage_rpc_fetch_bytes_total}:
 *       what Fetch streams sent (bytes of encoded series)
 * </ul>
 *
 * Meters of every method are created up front with code {@code OK}, so rates start from zero
 * rather than from the first call.
 */
final class RpcMeters {
    /** Histogram buckets of call durations: 1ms to 2m, about three per decade. */
    private static final Duration[] DURATION_BUCKETS = Stream.of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500,
                    5_000, 10_000, 30_000, 60_000, 120_000)
            .map(Duration::ofMillis)
            .toArray(Duration[]::new);

    private final MeterRegistry registry;
    private final Counter samplesWritten;
    private final Counter fetchSeries;
    private final Counter fetchMessages;
    private final Counter fetchBytes;

    RpcMeters(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
        for (MethodDescriptor<?, ?> method : StorageNodeGrpc.getServiceDescriptor().getMethods()) {
            requests(method.getBareMethodName(), Status.Code.OK);
            duration(method.getBareMethodName());
        }
        samplesWritten = Counter.builder("meridian.storage.rpc.samples.written")
                .description("Samples stored by Write calls")
                .register(registry);
        for (StorageErrorCode code : StorageErrorCode.values()) {
            samplesRejected(code);
        }
        fetchSeries = Counter.builder("meridian.storage.rpc.fetch.series")
                .description("Series sent by Fetch calls")
                .register(registry);
        fetchMessages = Counter.builder("meridian.storage.rpc.fetch.messages")
                .description("Messages sent by Fetch calls")
                .register(registry);
        fetchBytes = Counter.builder("meridian.storage.rpc.fetch")
                .description("Encoded bytes of the series sent by Fetch calls")
                .baseUnit("bytes")
                .register(registry);
    }

    /** Counts and times every call it intercepts. */
    ServerInterceptor interceptor() {
        return new ServerInterceptor() {
            @Override
            public <I, O> ServerCall.Listener<I> interceptCall(ServerCall<I, O> call, Metadata headers,
                    ServerCallHandler<I, O> next) {
                String method = call.getMethodDescriptor().getBareMethodName();
                long startNanos = System.nanoTime();
                AtomicBoolean finished = new AtomicBoolean();
                ServerCall<I, O> measured = new SimpleForwardingServerCall<>(call) {
                    @Override
                    public void close(Status status, Metadata trailers) {
                        if (finished.compareAndSet(false, true)) {
                            callFinished(method, status.getCode(), startNanos);
                        }
                        super.close(status, trailers);
                    }
                };
                return new SimpleForwardingServerCallListener<>(next.startCall(measured, headers)) {
                    @Override
                    public void onCancel() {
                        if (finished.compareAndSet(false, true)) {
                            callFinished(method, Status.Code.CANCELLED, startNanos);
                        }
                        super.onCancel();
                    }
                };
            }
        };
    }

    void written(WriteResult result) {
        samplesWritten.increment(result.samplesWritten());
        for (SeriesError error : result.errors()) {
            samplesRejected(error.code()).increment(error.samplesRejected());
        }
    }

    void fetchMessageSent(int series, int bytes) {
        fetchMessages.increment();
        fetchSeries.increment(series);
        fetchBytes.increment(bytes);
    }

    private void callFinished(String method, Status.Code code, long startNanos) {
        requests(method, code).increment();
        duration(method).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    private Counter requests(String method, Status.Code code) {
        return Counter.builder("meridian.storage.rpc.requests")
                .description("Finished storage node calls, by method and gRPC status code")
                .tag("method", method)
                .tag("code", code.name())
                .register(registry);
    }

    private Timer duration(String method) {
        return Timer.builder("meridian.storage.rpc.duration")
                .description("Time from the start of a storage node call to its status")
                .tag("method", method)
                .serviceLevelObjectives(DURATION_BUCKETS)
                .register(registry);
    }

    private Counter samplesRejected(StorageErrorCode code) {
        return Counter.builder("meridian.storage.rpc.samples.rejected")
                .description("Samples of series that Write calls refused, by storage error code")
                .tag("code", code.name())
                .register(registry);
    }
}
