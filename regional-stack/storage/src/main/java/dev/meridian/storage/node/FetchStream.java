package dev.meridian.storage.node;

import static java.util.Objects.requireNonNull;

import dev.meridian.proto.node.FetchResponse;
import dev.meridian.proto.node.SeriesChunks;
import dev.meridian.storage.ChunkedSeries;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.function.Consumer;

/**
 * Sends the series of one Fetch as a stream of bounded messages, at the pace the client reads.
 *
 * <p>{@link dev.meridian.storage.Storage#fetch} pushes series into a consumer on the calling
 * thread, so the only way to keep a huge result from piling up in memory is to block that
 * thread while the client is behind. This consumer collects series into a message until it
 * holds {@code maxSeries} series or {@code maxBytes} encoded bytes (a series is never split, so a
 * message can pass {@code maxBytes} by one series), then waits until the call is ready for
 * another message before handing it over. Readiness is gRPC's flow control: {@link
 * ServerCallStreamObserver#isReady()} turns false while a sent message is still waiting for the
 * transport (which itself waits for the client's HTTP/2 flow-control window), and the on-ready
 * handler fires when it turns true again. So at most one message waits in the server per call,
 * plus the one being filled.
 *
 * <p>Runs on a worker thread, never on an event loop, because it blocks. When the client cancels
 * (or the deadline passes, or the server stops), the next {@link #accept} throws {@link
 * Cancelled}, which ends the storage's fetch early; storages let consumer exceptions propagate.
 */
final class FetchStream implements Consumer<ChunkedSeries> {
    /** Thrown into the storage's fetch to stop it once the call is gone. */
    static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super("the fetch was cancelled", null, false, false);
        }
    }

    private final ServerCallStreamObserver<FetchResponse> call;
    private final int maxSeries;
    private final int maxBytes;
    private final RpcMeters meters;
    private final Object lock = new Object();
    private boolean cancelled;

    private FetchResponse.Builder message = FetchResponse.newBuilder();
    private int messageBytes;

    /**
     * Must be created while the call's method runs: it installs the call's on-ready and on-cancel
     * handlers, which gRPC allows only then.
     */
    FetchStream(ServerCallStreamObserver<FetchResponse> call, int maxSeries, int maxBytes, RpcMeters meters) {
        this.call = requireNonNull(call, "call is null");
        if (maxSeries <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("maxSeries and maxBytes must be > 0 (got: " + maxSeries + ", " + maxBytes + ")");
        }
        this.maxSeries = maxSeries;
        this.maxBytes = maxBytes;
        this.meters = requireNonNull(meters, "meters is null");
        call.setOnReadyHandler(this::wakeUp);
        call.setOnCancelHandler(this::cancel);
    }

    @Override
    public void accept(ChunkedSeries series) {
        SeriesChunks encoded = MessageMapping.toSeriesChunks(series);
        message.addSeries(encoded);
        messageBytes += encoded.getSerializedSize();
        if (message.getSeriesCount() >= maxSeries || messageBytes >= maxBytes) {
            send();
        }
    }

    /** Sends what is left and ends the stream with OK. */
    void finish() {
        if (message.getSeriesCount() > 0) {
            send();
        }
        call.onCompleted();
    }

    /** Ends the stream with an error status, unless the call is already gone. */
    void fail(Throwable status) {
        synchronized (lock) {
            if (cancelled) {
                return;
            }
        }
        call.onError(status);
    }

    private void send() {
        awaitReady();
        meters.fetchMessageSent(message.getSeriesCount(), messageBytes);
        call.onNext(message.build());
        message = FetchResponse.newBuilder();
        messageBytes = 0;
    }

    private void awaitReady() {
        synchronized (lock) {
            while (!cancelled && !call.isReady()) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    // The server is stopping its workers; the call will not be read anyway.
                    Thread.currentThread().interrupt();
                    cancelled = true;
                }
            }
            if (cancelled) {
                throw new Cancelled();
            }
        }
    }

    private void wakeUp() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void cancel() {
        synchronized (lock) {
            cancelled = true;
            lock.notifyAll();
        }
    }
}
