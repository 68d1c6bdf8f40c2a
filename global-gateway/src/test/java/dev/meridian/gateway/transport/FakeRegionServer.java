package dev.meridian.gateway.transport;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.grpc.GrpcService;
import dev.meridian.proto.region.InfoRequest;
import dev.meridian.proto.region.LabelNamesRequest;
import dev.meridian.proto.region.LabelNamesResponse;
import dev.meridian.proto.region.LabelValuesRequest;
import dev.meridian.proto.region.LabelValuesResponse;
import dev.meridian.proto.region.MetadataRequest;
import dev.meridian.proto.region.MetadataResponse;
import dev.meridian.proto.region.QueryRequest;
import dev.meridian.proto.region.QueryResponse;
import dev.meridian.proto.region.RegionGrpc;
import dev.meridian.proto.region.RegionInfo;
import dev.meridian.proto.region.SeriesPoints;
import dev.meridian.proto.region.SeriesRequest;
import dev.meridian.proto.region.SeriesResponse;
import dev.meridian.proto.region.StoreRequest;
import dev.meridian.proto.region.StoreResponse;
import dev.meridian.proto.remote.ChunkedSeries;
import dev.meridian.proto.remote.Label;
import dev.meridian.proto.remote.MetricMetadata;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Test-only: a region's Region service with canned answers and knobs (delay, a gate to hold
 * answers back, hang, fail with a status and {@code meridian-error-type} trailer), served by an
 * Armeria server on 127.0.0.1 at a free port. Counts calls and cancellations and records the
 * {@code traceparent} each call arrived with.
 */
final class FakeRegionServer implements AutoCloseable {
    private static final Metadata.Key<String> TRACEPARENT = Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);

    // Canned answers.
    volatile RegionInfo info;
    volatile List<SeriesPoints> querySeries;
    volatile List<String> queryWarnings;
    volatile long samplesRead;
    /** Series per Query/Store/Series message. */
    volatile int seriesPerMessage;
    /** Leave out the final {@code last = true} Query message (a stream cut short). */
    volatile boolean omitLast;
    volatile List<ChunkedSeries> storeSeries;
    volatile List<String> storeWarnings;
    volatile List<List<Label>> seriesListing;
    volatile List<String> labelNames;
    volatile List<String> labelValues;
    volatile List<MetricMetadata> metadata;

    // Knobs.
    volatile Duration delay;
    volatile CompletableFuture<Void> gate;
    volatile boolean hang;
    volatile Status failStatus;
    volatile String failErrorType;

    // What happened.
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger cancellations = new AtomicInteger();
    /** Calls answered or failed (not cancelled). */
    final AtomicInteger answered = new AtomicInteger();
    final AtomicLong bytesSent = new AtomicLong();
    final List<String> traceparents = new CopyOnWriteArrayList<>();
    final List<Object> requests = new CopyOnWriteArrayList<>();
    /** Calls started and not yet answered, failed or cancelled. */
    private final AtomicInteger active = new AtomicInteger();

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Server server;

    FakeRegionServer() {
        ServerInterceptor captureTrace = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                String traceparent = headers.get(TRACEPARENT);
                traceparents.add(traceparent == null ? "" : traceparent);
                return next.startCall(call, headers);
            }
        };
        server = Server.builder()
                .http(new InetSocketAddress("127.0.0.1", 0))
                .requestTimeout(Duration.ZERO)
                .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
                .service(GrpcService.builder().addService(ServerInterceptors.intercept(new Service(), captureTrace)).build())
                .build();
        server.start().join();
        reset();
    }

    /**
     * Back to the canned defaults with no knobs set and nothing counted, once the calls of the
     * previous test are over (so a late cancellation is not counted for the next test).
     */
    void reset() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (active.get() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(active.get() + " calls of the previous test are still running");
            }
            Thread.onSpinWait();
        }
        info = RegionInfo.newBuilder().setName("eu").addExternalLabels(label("region", "eu"))
                .setMinTimeMs(1000).setMaxTimeMs(9000).setLookbackDeltaMs(300_000).build();
        querySeries = List.of();
        queryWarnings = List.of();
        samplesRead = 0;
        seriesPerMessage = 2;
        omitLast = false;
        storeSeries = List.of();
        storeWarnings = List.of();
        seriesListing = List.of();
        labelNames = List.of();
        labelValues = List.of();
        metadata = List.of();
        delay = Duration.ZERO;
        gate = CompletableFuture.completedFuture(null);
        hang = false;
        failStatus = null;
        failErrorType = null;
        calls.set(0);
        cancellations.set(0);
        answered.set(0);
        bytesSent.set(0);
        traceparents.clear();
        requests.clear();
    }

    static Label label(String name, String value) {
        return Label.newBuilder().setName(name).setValue(value).build();
    }

    String endpoint() {
        return "127.0.0.1:" + server.activeLocalPort();
    }

    void failWith(Status status, String errorType) {
        failErrorType = errorType;
        failStatus = status;
    }

    void succeed() {
        failStatus = null;
        failErrorType = null;
    }

    @Override
    public void close() {
        server.stop().join();
        timer.shutdownNow();
    }

    /** Answers after the gate opens and the delay passes, unless hanging or failing. */
    private <R> void answer(Object request, StreamObserver<R> observer, Consumer<StreamObserver<R>> respond) {
        calls.incrementAndGet();
        requests.add(request);
        ServerCallStreamObserver<R> call = (ServerCallStreamObserver<R>) observer;
        active.incrementAndGet();
        java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable end = () -> {
            if (ended.compareAndSet(false, true)) {
                active.decrementAndGet();
            }
        };
        call.setOnCancelHandler(() -> {
            cancellations.incrementAndGet();
            end.run();
        });
        if (hang) {
            return;
        }
        Duration wait = delay;
        gate.thenRun(() -> timer.schedule(() -> {
            try {
                if (call.isCancelled()) {
                    return;
                }
                Status status = failStatus;
                if (status != null) {
                    Metadata trailers = new Metadata();
                    if (failErrorType != null) {
                        trailers.put(StatusMapping.ERROR_TYPE, failErrorType);
                    }
                    observer.onError(status.asRuntimeException(trailers));
                    answered.incrementAndGet();
                    return;
                }
                respond.accept(observer);
                answered.incrementAndGet();
            } finally {
                end.run();
            }
        }, wait.toNanos(), TimeUnit.NANOSECONDS));
    }

    private <R extends com.google.protobuf.MessageLite> void send(StreamObserver<R> observer, R message) {
        bytesSent.addAndGet(message.getSerializedSize());
        observer.onNext(message);
    }

    private final class Service extends RegionGrpc.RegionImplBase {
        @Override
        public void info(InfoRequest request, StreamObserver<RegionInfo> observer) {
            answer(request, observer, o -> {
                send(o, info);
                o.onCompleted();
            });
        }

        @Override
        public void query(QueryRequest request, StreamObserver<QueryResponse> observer) {
            answer(request, observer, o -> {
                List<List<SeriesPoints>> batches = batches(querySeries);
                for (int i = 0; i < batches.size(); i++) {
                    QueryResponse.Builder message = QueryResponse.newBuilder().addAllSeries(batches.get(i));
                    if (i == 0) {
                        message.addAllWarnings(queryWarnings);
                    }
                    send(o, message.build());
                }
                if (!omitLast) {
                    send(o, QueryResponse.newBuilder().setLast(true).setSamplesRead(samplesRead).build());
                }
                o.onCompleted();
            });
        }

        @Override
        public void store(StoreRequest request, StreamObserver<StoreResponse> observer) {
            answer(request, observer, o -> {
                List<List<ChunkedSeries>> batches = batches(storeSeries);
                for (int i = 0; i < batches.size(); i++) {
                    StoreResponse.Builder message = StoreResponse.newBuilder().addAllSeries(batches.get(i));
                    if (i == batches.size() - 1) {
                        message.addAllWarnings(storeWarnings);
                    }
                    send(o, message.build());
                }
                o.onCompleted();
            });
        }

        @Override
        public void series(SeriesRequest request, StreamObserver<SeriesResponse> observer) {
            answer(request, observer, o -> {
                for (List<List<Label>> batch : batches(seriesListing)) {
                    SeriesResponse.Builder message = SeriesResponse.newBuilder();
                    batch.forEach(labels -> message.addSeries(
                            dev.meridian.proto.region.LabelSet.newBuilder().addAllLabels(labels)));
                    send(o, message.build());
                }
                o.onCompleted();
            });
        }

        @Override
        public void labelNames(LabelNamesRequest request, StreamObserver<LabelNamesResponse> observer) {
            answer(request, observer, o -> {
                send(o, LabelNamesResponse.newBuilder().addAllNames(labelNames).addWarnings("names partial").build());
                o.onCompleted();
            });
        }

        @Override
        public void labelValues(LabelValuesRequest request, StreamObserver<LabelValuesResponse> observer) {
            answer(request, observer, o -> {
                send(o, LabelValuesResponse.newBuilder().addAllValues(labelValues).build());
                o.onCompleted();
            });
        }

        @Override
        public void metadata(MetadataRequest request, StreamObserver<MetadataResponse> observer) {
            answer(request, observer, o -> {
                send(o, MetadataResponse.newBuilder().addAllMetadata(metadata).build());
                o.onCompleted();
            });
        }
    }

    private <T> List<List<T>> batches(List<T> all) {
        List<List<T>> batches = new ArrayList<>();
        for (int i = 0; i < all.size(); i += seriesPerMessage) {
            batches.add(all.subList(i, Math.min(all.size(), i + seriesPerMessage)));
        }
        return batches;
    }
}
