package dev.meridian.gateway.transport;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.MessageLite;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * Receives one gRPC call's answer on Armeria's event loop and completes {@link #result()} with
 * what its {@link ResponseReader} made of it, or with a {@link
 * dev.meridian.gateway.region.RegionException}. Cancelling the result cancels the call (the
 * region stops working on it). Counts the serialized bytes of every message received.
 */
final class CallObserver<Q, M extends MessageLite, T> implements ClientResponseObserver<Q, M> {
    private final String region;
    private final String endpoint;
    private final String call;
    private final ResponseReader<M, T> reader;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private volatile ClientCallStreamObserver<Q> stream;
    private long wireBytes;

    CallObserver(String region, String endpoint, String call, ResponseReader<M, T> reader) {
        this.region = requireNonNull(region, "region is null");
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.call = requireNonNull(call, "call is null");
        this.reader = requireNonNull(reader, "reader is null");
    }

    CompletableFuture<T> result() {
        return result;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
        this.stream = requestStream;
        result.whenComplete((value, failure) -> {
            if (failure instanceof CancellationException) {
                requestStream.cancel("the gateway no longer needs this " + call + " answer", null);
            }
        });
    }

    @Override
    public void onNext(M message) {
        if (result.isDone()) {
            return;
        }
        wireBytes += message.getSerializedSize();
        try {
            reader.add(message);
        } catch (IllegalArgumentException e) {
            if (result.completeExceptionally(StatusMapping.malformed(region, endpoint, call, e))) {
                ClientCallStreamObserver<Q> s = stream;
                if (s != null) {
                    s.cancel("the " + call + " answer does not decode", e);
                }
            }
        }
    }

    @Override
    public void onError(Throwable failure) {
        result.completeExceptionally(StatusMapping.fromThrowable(region, endpoint, failure));
    }

    @Override
    public void onCompleted() {
        if (result.isDone()) {
            return;
        }
        try {
            result.complete(reader.finish(wireBytes));
        } catch (IllegalArgumentException e) {
            result.completeExceptionally(StatusMapping.malformed(region, endpoint, call, e));
        }
    }
}
