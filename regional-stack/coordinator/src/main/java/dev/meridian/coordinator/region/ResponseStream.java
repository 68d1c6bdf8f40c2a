package dev.meridian.coordinator.region;

import static java.util.Objects.requireNonNull;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;

/**
 * The sending side of one server-streaming region call, used from a worker thread: {@link #send}
 * waits for gRPC's flow control ({@link ServerCallStreamObserver#isReady()}, which follows the
 * client's HTTP/2 window) before handing over a message, so a slow client holds one message in the
 * server, not the whole answer; and a cancelled call (the client went away, its deadline passed,
 * the server stops) makes {@code send} throw {@link Cancelled} and runs the actions registered
 * with {@link #onCancel}, e.g. cancelling the engine's query.
 *
 * <p>Must be created while the call's method runs, on the event loop: gRPC accepts the on-ready
 * and on-cancel handlers only then.
 */
final class ResponseStream<T> {
    /** Thrown by {@link #send} once the call is gone; nobody is left to answer. */
    static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super("the call was cancelled", null, false, false);
        }
    }

    private final ServerCallStreamObserver<T> call;
    private final Object lock = new Object();
    private final List<Runnable> cancelActions = new ArrayList<>();
    private boolean cancelled;

    ResponseStream(StreamObserver<T> responses) {
        this.call = (ServerCallStreamObserver<T>) requireNonNull(responses, "responses is null");
        call.setOnReadyHandler(this::wakeUp);
        call.setOnCancelHandler(this::cancel);
    }

    /** Runs {@code action} when the call is cancelled, or now if it already is. */
    void onCancel(Runnable action) {
        synchronized (lock) {
            if (!cancelled) {
                cancelActions.add(action);
                return;
            }
        }
        action.run();
    }

    /**
     * Sends a message once the call can take it.
     *
     * @throws Cancelled if the call is gone
     */
    void send(T message) {
        synchronized (lock) {
            while (!cancelled && !call.isReady()) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    // The executor is stopping: nobody will send the rest.
                    Thread.currentThread().interrupt();
                    cancelled = true;
                }
            }
            if (cancelled) {
                throw new Cancelled();
            }
        }
        call.onNext(message);
    }

    /** Ends the call with OK. */
    void complete() {
        synchronized (lock) {
            if (cancelled) {
                return;
            }
        }
        call.onCompleted();
    }

    /** Ends the call with {@code status}, unless it is gone already. */
    void fail(Throwable status) {
        synchronized (lock) {
            if (cancelled) {
                return;
            }
        }
        call.onError(status);
    }

    private void wakeUp() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void cancel() {
        List<Runnable> actions;
        synchronized (lock) {
            cancelled = true;
            lock.notifyAll();
            actions = List.copyOf(cancelActions);
            cancelActions.clear();
        }
        actions.forEach(Runnable::run);
    }
}
