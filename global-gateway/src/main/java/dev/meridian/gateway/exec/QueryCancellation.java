package dev.meridian.gateway.exec;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lets another thread stop a distributed query, e.g. when its HTTP client goes away: the region
 * calls still running are canceled (which cancels them at the regions), no new ones start, and a
 * gateway-side evaluation stops. The query then fails with {@link GatewayErrorKind#CANCELED}.
 *
 * <p>One instance serves one query. Canceling twice keeps the first reason.
 */
public final class QueryCancellation {
    /** Undoes an {@link #onCancel} registration. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private final List<Runnable> actions = new ArrayList<>();
    private String reason;

    /**
     * Cancels the query; the actions registered so far run on this thread.
     *
     * @param reason why, for the error and the coverage of the calls it stops, e.g. "the client went away"
     */
    public void cancel(String reason) {
        requireNonNull(reason, "reason is null");
        List<Runnable> toRun;
        synchronized (this) {
            if (this.reason != null) {
                return;
            }
            this.reason = reason;
            toRun = List.copyOf(actions);
            actions.clear();
        }
        toRun.forEach(Runnable::run);
    }

    /** Why the query was canceled, or empty while it was not. */
    public synchronized Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** Runs {@code action} when the query is canceled, or now if it already was. */
    Registration onCancel(Runnable action) {
        requireNonNull(action, "action is null");
        synchronized (this) {
            if (reason == null) {
                actions.add(action);
                return () -> {
                    synchronized (this) {
                        actions.remove(action);
                    }
                };
            }
        }
        action.run();
        return () -> { };
    }
}
