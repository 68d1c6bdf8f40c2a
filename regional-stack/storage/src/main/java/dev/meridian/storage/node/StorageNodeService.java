package dev.meridian.storage.node;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.proto.node.FetchRequest;
import dev.meridian.proto.node.FetchResponse;
import dev.meridian.proto.node.HealthRequest;
import dev.meridian.proto.node.HealthResponse;
import dev.meridian.proto.node.LabelNamesRequest;
import dev.meridian.proto.node.LabelNamesResponse;
import dev.meridian.proto.node.LabelValuesRequest;
import dev.meridian.proto.node.LabelValuesResponse;
import dev.meridian.proto.node.MetadataRequest;
import dev.meridian.proto.node.MetadataResponse;
import dev.meridian.proto.node.StorageNodeGrpc;
import dev.meridian.proto.node.TimeRangesRequest;
import dev.meridian.proto.node.TimeRangesResponse;
import dev.meridian.proto.node.WriteMetadataRequest;
import dev.meridian.proto.node.WriteMetadataResponse;
import dev.meridian.proto.node.WriteRequest;
import dev.meridian.proto.node.WriteResponse;
import dev.meridian.storage.Storage;
import dev.meridian.storage.WriteResult;
import dev.meridian.storage.metadata.MetadataStore;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The StorageNode gRPC service (node.proto) over a {@link Storage} and the node's {@link
 * MetadataStore}.
 *
 * <p>Armeria invokes these methods on an event loop, which must never block, and every storage
 * call may block (a write waits for its fsync, a fetch for a slow reader). So each method only
 * schedules its work: writes (Write, WriteMetadata) on {@code writeWorkers}, reads (Fetch,
 * LabelNames, LabelValues, Metadata) on
 * {@code readWorkers}, so heavy reads never hold up ingestion, and Health and TimeRanges on
 * {@code healthWorkers}. A full work queue answers {@code RESOURCE_EXHAUSTED}. Every failure is turned
 * into a status by {@link ErrorMapping}.
 *
 * <p>Why not Armeria's {@code useBlockingTaskExecutor}: it runs a call's listener callbacks one
 * after another on the blocking executor, so a Fetch blocked waiting for its client would keep
 * its own on-ready and on-cancel callbacks from ever running. Here those callbacks run on the
 * event loop and wake the worker (see {@link FetchStream}).
 */
final class StorageNodeService extends StorageNodeGrpc.StorageNodeImplBase {
    /** Most series in one Fetch message. */
    static final int FETCH_MESSAGE_SERIES = 512;
    /** A Fetch message is sent once its series reach this many encoded bytes (1 MiB). */
    static final int FETCH_MESSAGE_BYTES = 1 << 20;

    private final Storage storage;
    private final MetadataStore metadata;
    private final Executor writeWorkers;
    private final Executor readWorkers;
    private final Executor healthWorkers;
    private final RpcMeters meters;

    StorageNodeService(Storage storage, MetadataStore metadata, Executor writeWorkers, Executor readWorkers,
            Executor healthWorkers, RpcMeters meters) {
        this.storage = requireNonNull(storage, "storage is null");
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.writeWorkers = requireNonNull(writeWorkers, "writeWorkers is null");
        this.readWorkers = requireNonNull(readWorkers, "readWorkers is null");
        this.healthWorkers = requireNonNull(healthWorkers, "healthWorkers is null");
        this.meters = requireNonNull(meters, "meters is null");
    }

    @Override
    public void write(WriteRequest request, StreamObserver<WriteResponse> responses) {
        unary(writeWorkers, responses, () -> {
            WriteResult result = storage.write(request.getNamespace(), MessageMapping.toWriteBatch(request));
            meters.written(result);
            return MessageMapping.toWriteResponse(result);
        });
    }

    @Override
    public void fetch(FetchRequest request, StreamObserver<FetchResponse> responses) {
        FetchStream stream = new FetchStream((ServerCallStreamObserver<FetchResponse>) responses,
                FETCH_MESSAGE_SERIES, FETCH_MESSAGE_BYTES, meters);
        run(readWorkers, responses, () -> {
            try {
                List<LabelMatcher> matchers = MessageMapping.toMatchers(request.getMatchersList());
                MessageMapping.checkRange(request.getStartMs(), request.getEndMs());
                storage.fetch(request.getNamespace(), matchers, request.getStartMs(), request.getEndMs(), stream);
                stream.finish();
            } catch (FetchStream.Cancelled gone) {
                // The client cancelled or the deadline passed: nobody to answer.
            } catch (RuntimeException e) {
                stream.fail(ErrorMapping.toStatusException(e));
            }
        });
    }

    @Override
    public void labelNames(LabelNamesRequest request, StreamObserver<LabelNamesResponse> responses) {
        unary(readWorkers, responses, () -> {
            List<LabelMatcher> matchers = MessageMapping.toMatchers(request.getMatchersList());
            MessageMapping.checkRange(request.getStartMs(), request.getEndMs());
            List<String> names = storage.labelNames(request.getNamespace(), matchers, request.getStartMs(),
                    request.getEndMs());
            return LabelNamesResponse.newBuilder().addAllNames(names).build();
        });
    }

    @Override
    public void labelValues(LabelValuesRequest request, StreamObserver<LabelValuesResponse> responses) {
        unary(readWorkers, responses, () -> {
            if (request.getName().isEmpty()) {
                throw new InvalidRequestException("name must not be empty");
            }
            List<LabelMatcher> matchers = MessageMapping.toMatchers(request.getMatchersList());
            MessageMapping.checkRange(request.getStartMs(), request.getEndMs());
            List<String> values = storage.labelValues(request.getNamespace(), request.getName(), matchers,
                    request.getStartMs(), request.getEndMs());
            return LabelValuesResponse.newBuilder().addAllValues(values).build();
        });
    }

    @Override
    public void writeMetadata(WriteMetadataRequest request, StreamObserver<WriteMetadataResponse> responses) {
        unary(writeWorkers, responses, () -> {
            metadata.write(MessageMapping.toFamilyMetadata(request.getMetadataList()));
            return WriteMetadataResponse.getDefaultInstance();
        });
    }

    @Override
    public void metadata(MetadataRequest request, StreamObserver<MetadataResponse> responses) {
        unary(readWorkers, responses, () -> MetadataResponse.newBuilder()
                .addAllMetadata(MessageMapping.toWireMetadata(metadata.all()))
                .build());
    }

    @Override
    public void health(HealthRequest request, StreamObserver<HealthResponse> responses) {
        unary(healthWorkers, responses, () -> MessageMapping.toHealthResponse(storage.health()));
    }

    @Override
    public void timeRanges(TimeRangesRequest request, StreamObserver<TimeRangesResponse> responses) {
        unary(healthWorkers, responses, () -> MessageMapping.toTimeRangesResponse(storage.timeRanges()));
    }

    /** Runs {@code call} on {@code workers} and answers with its result or its failure. */
    private static <T> void unary(Executor workers, StreamObserver<T> responses, Supplier<T> call) {
        run(workers, responses, () -> {
            T response;
            try {
                response = call.get();
            } catch (RuntimeException e) {
                responses.onError(ErrorMapping.toStatusException(e));
                return;
            }
            responses.onNext(response);
            responses.onCompleted();
        });
    }

    /** Schedules {@code work}, answering the call at once if the workers refuse it. */
    private static void run(Executor workers, StreamObserver<?> responses, Runnable work) {
        try {
            workers.execute(work);
        } catch (RuntimeException refused) {
            responses.onError(ErrorMapping.toStatusException(refused));
        }
    }
}
