package dev.meridian.storage.node;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.grpc.GrpcClientBuilder;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.SessionProtocol;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.proto.node.FetchRequest;
import dev.meridian.proto.node.FetchResponse;
import dev.meridian.proto.node.HealthRequest;
import dev.meridian.proto.node.LabelNamesRequest;
import dev.meridian.proto.node.LabelValuesRequest;
import dev.meridian.proto.node.MetadataRequest;
import dev.meridian.proto.node.MetadataResponse;
import dev.meridian.proto.node.SeriesChunks;
import dev.meridian.proto.node.StorageNodeGrpc;
import dev.meridian.proto.node.TimeRangesRequest;
import dev.meridian.proto.node.TimeRangesResponse;
import dev.meridian.proto.node.WriteMetadataRequest;
import dev.meridian.proto.node.WriteResponse;
import dev.meridian.storage.ChunkedSeries;
import dev.meridian.storage.Health;
import dev.meridian.storage.StorageException;
import dev.meridian.storage.TimeRange;
import dev.meridian.storage.WriteBatch;
import dev.meridian.storage.WriteResult;
import dev.meridian.storage.metadata.FamilyMetadata;
import io.grpc.ClientInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * A blocking client of one storage node's StorageNode service (node.proto), with the same
 * shapes as {@link dev.meridian.storage.Storage}: what a coordinator uses to write to and read
 * from a node. Thread-safe; calls may run concurrently over the client's connections.
 *
 * <p>Failures: a failure the node's storage reported arrives as the same {@link
 * StorageException} (same {@link dev.meridian.storage.StorageErrorCode}, same message), so a
 * caller handles a remote storage like a local one. Everything else is a {@link
 * StatusRuntimeException}: {@code INVALID_ARGUMENT} for a request the node refused as malformed,
 * {@code RESOURCE_EXHAUSTED} for a request over the node's size limit or a node out of workers,
 * {@code UNAVAILABLE} when the node cannot be reached, {@code DEADLINE_EXCEEDED} after the call
 * timeout, {@code INTERNAL} for a response this client cannot read. See docs/node-api.md.
 */
public final class StorageNodeClient implements AutoCloseable {
    /** How long a call, a whole Fetch stream included, may take unless configured otherwise. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(1);
    /**
     * The largest response message accepted. Fetch messages are about 1 MiB, but one message
     * always holds a whole series, so this leaves room for very long series.
     */
    public static final int MAX_RESPONSE_MESSAGE_BYTES = 256 << 20;
    /** Fetch messages asked for ahead of the one being consumed. */
    private static final int FETCH_PREFETCH = 2;

    private final String target;
    private final ClientFactory factory;
    private final StorageNodeGrpc.StorageNodeBlockingStub blocking;
    private final StorageNodeGrpc.StorageNodeStub async;

    private StorageNodeClient(String target, ClientFactory factory, StorageNodeGrpc.StorageNodeBlockingStub blocking,
            StorageNodeGrpc.StorageNodeStub async) {
        this.target = target;
        this.factory = factory;
        this.blocking = blocking;
        this.async = async;
    }

    /** A client of the node at {@code host:port} with the {@linkplain #DEFAULT_CALL_TIMEOUT default call timeout}. */
    public static StorageNodeClient connect(String host, int port) {
        return connect(host, port, DEFAULT_CALL_TIMEOUT);
    }

    /**
     * A client of the node at {@code host:port} (plaintext HTTP/2). Connections are made on first
     * use and kept until {@link #close()}.
     *
     * @param callTimeout the deadline of each call, sent to the node as the gRPC deadline; a Fetch
     *     must deliver its whole stream within it
     */
    public static StorageNodeClient connect(String host, int port, Duration callTimeout) {
        return connect(host, port, callTimeout, List.of());
    }

    /**
     * {@link #connect(String, int, Duration)} with gRPC client interceptors around every call, e.g.
     * {@code dev.meridian.tracing.GrpcClientTracing} to send the caller's trace to the node. gRPC
     * runs them on the calling thread when a call starts.
     */
    public static StorageNodeClient connect(String host, int port, Duration callTimeout, List<ClientInterceptor> interceptors) {
        requireNonNull(host, "host is null");
        requireNonNull(callTimeout, "callTimeout is null");
        List<ClientInterceptor> around = List.copyOf(requireNonNull(interceptors, "interceptors is null"));
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [1, 65535] (got: " + port + ")");
        }
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout must be > 0 (got: " + callTimeout + ")");
        }
        ClientFactory factory = ClientFactory.builder().build();
        Endpoint endpoint = Endpoint.of(host, port);
        return new StorageNodeClient(endpoint.toString(), factory,
                stubs(factory, endpoint, callTimeout, around).build(StorageNodeGrpc.StorageNodeBlockingStub.class),
                stubs(factory, endpoint, callTimeout, around).build(StorageNodeGrpc.StorageNodeStub.class));
    }

    private static GrpcClientBuilder stubs(ClientFactory factory, Endpoint endpoint, Duration callTimeout,
            List<ClientInterceptor> interceptors) {
        return GrpcClients.builder(SessionProtocol.HTTP, endpoint)
                .factory(factory)
                .intercept(interceptors)
                .responseTimeout(callTimeout)
                // A Fetch stream may carry many messages: limit each message, not the whole response.
                .maxResponseLength(0)
                .maxResponseMessageLength(MAX_RESPONSE_MESSAGE_BYTES);
    }

    /** See {@link dev.meridian.storage.Storage#write}. */
    public WriteResult write(String namespace, WriteBatch batch) {
        requireNonNull(batch, "batch is null");
        WriteResponse response;
        try {
            response = blocking.write(MessageMapping.toWriteRequest(namespace, batch));
        } catch (StatusRuntimeException e) {
            throw ErrorMapping.fromStatusException(e);
        }
        try {
            return MessageMapping.toWriteResult(response);
        } catch (IllegalArgumentException e) {
            throw ErrorMapping.malformedResponse("Write", e);
        }
    }

    /**
     * See {@link dev.meridian.storage.Storage#fetch}: hands {@code consumer} the matching series
     * in label order on the calling thread, as the stream arrives. The node sends only as fast as
     * the consumer takes series (gRPC flow control), so a slow consumer holds about two messages
     * (~2 MiB) in this client. If the consumer throws, the call is cancelled (the node stops
     * reading its storage) and the exception propagates.
     */
    public void fetch(String namespace, List<LabelMatcher> matchers, long mint, long maxt,
            Consumer<ChunkedSeries> consumer) {
        requireNonNull(namespace, "namespace is null");
        requireNonNull(consumer, "consumer is null");
        FetchRequest request = FetchRequest.newBuilder()
                .setNamespace(namespace)
                .addAllMatchers(MessageMapping.toWireMatchers(matchers))
                .setStartMs(mint)
                .setEndMs(maxt)
                .build();
        FetchReceiver receiver = new FetchReceiver();
        async.fetch(request, receiver);
        boolean finished = false;
        try {
            while (true) {
                Object next = receiver.take();
                if (next == FetchReceiver.END) {
                    finished = true;
                    return;
                }
                if (next instanceof Throwable failure) {
                    finished = true;
                    throw ErrorMapping.fromStatusException(failure);
                }
                for (SeriesChunks series : ((FetchResponse) next).getSeriesList()) {
                    ChunkedSeries decoded;
                    try {
                        decoded = MessageMapping.toChunkedSeries(series);
                    } catch (IllegalArgumentException e) {
                        throw ErrorMapping.malformedResponse("Fetch", e);
                    }
                    consumer.accept(decoded);
                }
                receiver.requestNext();
            }
        } finally {
            if (!finished) {
                receiver.cancel();
            }
        }
    }

    /** See {@link dev.meridian.storage.Storage#labelNames}. */
    public List<String> labelNames(String namespace, List<LabelMatcher> matchers, long mint, long maxt) {
        LabelNamesRequest request = LabelNamesRequest.newBuilder()
                .setNamespace(requireNonNull(namespace, "namespace is null"))
                .addAllMatchers(MessageMapping.toWireMatchers(matchers))
                .setStartMs(mint)
                .setEndMs(maxt)
                .build();
        try {
            return List.copyOf(blocking.labelNames(request).getNamesList());
        } catch (StatusRuntimeException e) {
            throw ErrorMapping.fromStatusException(e);
        }
    }

    /** See {@link dev.meridian.storage.Storage#labelValues}. */
    public List<String> labelValues(String namespace, String name, List<LabelMatcher> matchers, long mint, long maxt) {
        LabelValuesRequest request = LabelValuesRequest.newBuilder()
                .setNamespace(requireNonNull(namespace, "namespace is null"))
                .setName(requireNonNull(name, "name is null"))
                .addAllMatchers(MessageMapping.toWireMatchers(matchers))
                .setStartMs(mint)
                .setEndMs(maxt)
                .build();
        try {
            return List.copyOf(blocking.labelValues(request).getValuesList());
        } catch (StatusRuntimeException e) {
            throw ErrorMapping.fromStatusException(e);
        }
    }

    /**
     * Hands the node metric metadata to keep (WriteMetadata): per family it keeps the newest entry
     * ({@link FamilyMetadata#NEWEST_LAST}). Returns once the node holds them in memory; they reach
     * its disk within its metadata flush interval.
     */
    public void writeMetadata(List<FamilyMetadata> entries) {
        requireNonNull(entries, "entries is null");
        WriteMetadataRequest request = WriteMetadataRequest.newBuilder()
                .addAllMetadata(MessageMapping.toWireMetadata(entries))
                .build();
        try {
            blocking.writeMetadata(request);
        } catch (StatusRuntimeException e) {
            throw ErrorMapping.fromStatusException(e);
        }
    }

    /** Every metric family's entry the node holds (Metadata), sorted by family name. */
    public List<FamilyMetadata> metadata() {
        MetadataResponse response;
        try {
            response = blocking.metadata(MetadataRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            throw ErrorMapping.fromStatusException(e);
        }
        try {
            return List.copyOf(MessageMapping.fromWireMetadata(response.getMetadataList()));
        } catch (IllegalArgumentException e) {
            throw ErrorMapping.malformedResponse("Metadata", e);
        }
    }

    /** See {@link dev.meridian.storage.Storage#health}; the same answer as the node's {@code GET /ready}. */
    public Health health() {
        try {
            return MessageMapping.toHealth(blocking.health(HealthRequest.getDefaultInstance()));
        } catch (StatusRuntimeException e) {
            throw ErrorMapping.fromStatusException(e);
        }
    }

    /** See {@link dev.meridian.storage.Storage#timeRanges}: the node's namespaces' sample time ranges, in name order. */
    public Map<String, TimeRange> timeRanges() {
        TimeRangesResponse response;
        try {
            response = blocking.timeRanges(TimeRangesRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            throw ErrorMapping.fromStatusException(e);
        }
        try {
            return MessageMapping.toTimeRanges(response);
        } catch (IllegalArgumentException e) {
            throw ErrorMapping.malformedResponse("TimeRanges", e);
        }
    }

    /** Closes the client's connections; calls in flight fail. Closing again does nothing. */
    @Override
    public void close() {
        factory.close();
    }

    @Override
    public String toString() {
        return "StorageNodeClient{" + target + "}";
    }

    /**
     * Receives a Fetch stream on Armeria's event loop and hands it to the calling thread through a
     * queue. Messages are asked for one at a time once {@link #FETCH_PREFETCH} are outstanding, so
     * the queue never holds more than that many messages plus the end of the stream.
     */
    private static final class FetchReceiver implements ClientResponseObserver<FetchRequest, FetchResponse> {
        static final Object END = new Object();

        private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        private volatile ClientCallStreamObserver<FetchRequest> call;

        @Override
        public void beforeStart(ClientCallStreamObserver<FetchRequest> call) {
            this.call = call;
            call.disableAutoRequestWithInitial(FETCH_PREFETCH);
        }

        @Override
        public void onNext(FetchResponse message) {
            inbox.add(message);
        }

        @Override
        public void onError(Throwable failure) {
            inbox.add(failure);
        }

        @Override
        public void onCompleted() {
            inbox.add(END);
        }

        /** The next message, the failure that ended the stream, or {@link #END}. */
        Object take() {
            try {
                return inbox.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Status.CANCELLED.withDescription("interrupted while waiting for the Fetch stream")
                        .withCause(e)
                        .asRuntimeException();
            }
        }

        void requestNext() {
            call.request(1);
        }

        void cancel() {
            call.cancel("the fetch was abandoned by its caller", null);
        }
    }
}
