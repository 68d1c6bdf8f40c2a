package dev.meridian.gateway.transport;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import dev.meridian.gateway.region.RegionException;
import dev.meridian.gateway.region.RegionException.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.function.LongConsumer;

/**
 * One call to a region over up to two of its endpoints, with a deadline, a hedge and a failover.
 *
 * <h2>Algorithm</h2>
 *
 * <ol>
 *   <li>If the deadline already passed, the call fails with TIMEOUT without being sent. Otherwise
 *       a timer fails it with TIMEOUT at the deadline, whatever the endpoints do.
 *   <li>The call goes to the primary endpoint. If there is a second endpoint and a hedge delay
 *       shorter than the time left, a timer sends the same call to the second endpoint after that
 *       delay (a hedged request, "The Tail at Scale", Dean and Barroso, CACM 2013).
 *   <li>The first attempt that succeeds answers the call.
 *   <li>An attempt that fails with a fault that is not the region's (BAD_REQUEST, LIMIT,
 *       CANCELED) fails the call at once: the other endpoint would say the same.
 *   <li>An attempt that fails with UNAVAILABLE (the endpoint is unreachable or could not reach
 *       enough replicas) before the second endpoint was tried sends the call there now, without
 *       waiting for the hedge delay (a failover).
 *   <li>Any other failure with another attempt still running waits for that attempt; the call
 *       fails when no attempt is left, with the last failure (earlier ones suppressed in it).
 *   <li>When the call ends, however it ends (answer, failure, deadline, or the caller cancelling
 *       {@link #start()}'s future), the timers are cancelled and every attempt still running is
 *       cancelled, which cancels its gRPC call.
 * </ol>
 *
 * <p>Every attempt that succeeds reports its latency to the latency sink, which feeds the
 * region's hedge delay. An attempt still running when the call ends reports the time it ran so
 * far, a lower bound: otherwise the slow attempts that hedging cuts short would vanish from the
 * window and the delay would drift down to its minimum.
 */
final class RegionCall<T> {
    /** Starts the call at the endpoint with this index; the future fails with a RegionException. */
    @FunctionalInterface
    interface Attempt<T> {
        CompletableFuture<T> start(int endpoint);
    }

    /**
     * A successful call: the answer, the endpoint that gave it, and whether a hedge was sent.
     */
    record Answer<T>(T value, int endpoint, boolean hedged) {}

    private record Running<T>(CompletableFuture<T> future, long startNanos) {}

    private final String region;
    private final int[] endpoints;
    private final List<String> endpointNames;
    private final OptionalLong hedgeDelayNanos;
    private final long deadlineNanos;
    private final ScheduledExecutorService scheduler;
    private final Attempt<T> attempt;
    private final LongConsumer latencies;
    private final CompletableFuture<Answer<T>> result = new CompletableFuture<>();

    // Guarded by this.
    private final List<Running<T>> running = new ArrayList<>(2);
    private final List<RegionException> failures = new ArrayList<>(2);
    private int launched;
    private int finished;
    private boolean hedged;
    private boolean closed;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>(2);

    /**
     * @param endpoints indexes of the endpoints to use, primary first (one or two)
     * @param endpointNames every endpoint's name, by index, for messages
     * @param hedgeDelayNanos when to send the call to the second endpoint; empty for never
     * @param deadlineNanos the {@link System#nanoTime()} by which the call must have answered
     * @param latencies receives attempt latencies in nanoseconds
     */
    RegionCall(String region, int[] endpoints, List<String> endpointNames, OptionalLong hedgeDelayNanos,
            long deadlineNanos, ScheduledExecutorService scheduler, Attempt<T> attempt, LongConsumer latencies) {
        this.region = requireNonNull(region, "region is null");
        this.endpoints = requireNonNull(endpoints, "endpoints is null").clone();
        if (endpoints.length < 1 || endpoints.length > 2) {
            throw new IllegalArgumentException("a region call uses 1 or 2 endpoints (got: " + endpoints.length + ")");
        }
        this.endpointNames = List.copyOf(endpointNames);
        this.hedgeDelayNanos = requireNonNull(hedgeDelayNanos, "hedgeDelayNanos is null");
        this.deadlineNanos = deadlineNanos;
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.attempt = requireNonNull(attempt, "attempt is null");
        this.latencies = requireNonNull(latencies, "latencies is null");
    }

    /** Starts the call; cancelling the returned future cancels the call. */
    CompletableFuture<Answer<T>> start() {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            result.completeExceptionally(new RegionException(region, Kind.TIMEOUT,
                    "the deadline passed " + (-remaining / 1_000_000) + "ms before the call was made"));
            return result;
        }
        result.whenComplete((answer, failure) -> end());
        addTimer(scheduler.schedule(this::deadlinePassed, remaining, NANOSECONDS));
        launch(0, false);
        if (endpoints.length > 1 && hedgeDelayNanos.isPresent() && hedgeDelayNanos.getAsLong() < remaining) {
            addTimer(scheduler.schedule(() -> launch(1, true), hedgeDelayNanos.getAsLong(), NANOSECONDS));
        }
        return result;
    }

    private void addTimer(ScheduledFuture<?> timer) {
        synchronized (this) {
            if (!closed && !result.isDone()) {
                timers.add(timer);
                return;
            }
        }
        timer.cancel(false);
    }

    private void launch(int index, boolean hedge) {
        synchronized (this) {
            if (closed || result.isDone() || launched > index) {
                return;
            }
            launched = index + 1;
            hedged |= hedge;
        }
        long startNanos = System.nanoTime();
        CompletableFuture<T> future;
        try {
            future = attempt.start(endpoints[index]);
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        Running<T> started = new Running<>(future, startNanos);
        synchronized (this) {
            running.add(started);
        }
        if (result.isDone()) {
            future.cancel(true);
        }
        future.whenComplete((value, failure) -> attemptDone(index, started, value, failure));
    }

    private void attemptDone(int index, Running<T> attempt, T value, Throwable failure) {
        if (failure == null) {
            latencies.accept(System.nanoTime() - attempt.startNanos());
            boolean wasHedged;
            synchronized (this) {
                finished++;
                wasHedged = hedged;
            }
            result.complete(new Answer<>(value, endpoints[index], wasHedged));
            return;
        }
        if (result.isDone()) {
            return; // cancelled because the call ended
        }
        RegionException error = asRegionException(failure);
        int failoverTo = -1;
        boolean fail;
        synchronized (this) {
            failures.add(error);
            finished++;
            if (!error.kind().isRegionFault()) {
                fail = true;
            } else if (error.kind() == Kind.UNAVAILABLE && launched < endpoints.length) {
                failoverTo = launched;
                fail = false;
            } else {
                fail = finished >= launched;
            }
            if (fail) {
                closed = true;
            }
        }
        if (failoverTo >= 0) {
            launch(failoverTo, false);
        } else if (fail) {
            result.completeExceptionally(lastFailure());
        }
    }

    private synchronized RegionException lastFailure() {
        RegionException last = failures.get(failures.size() - 1);
        for (RegionException earlier : failures) {
            if (earlier != last) {
                last.addSuppressed(earlier);
            }
        }
        return last;
    }

    private RegionException asRegionException(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof RegionException regionException) {
            return regionException;
        }
        return new RegionException(region, Kind.INTERNAL, "", "the call failed unexpectedly: " + cause, cause);
    }

    private void deadlinePassed() {
        List<String> tried = new ArrayList<>();
        synchronized (this) {
            for (int i = 0; i < launched; i++) {
                tried.add(endpointNames.get(endpoints[i]));
            }
        }
        result.completeExceptionally(new RegionException(region, Kind.TIMEOUT,
                "no answer within the call's deadline (asked " + String.join(" and ", tried) + ")"));
    }

    private void end() {
        List<Running<T>> attempts;
        List<ScheduledFuture<?>> pending;
        synchronized (this) {
            closed = true;
            attempts = List.copyOf(running);
            pending = List.copyOf(timers);
            timers.clear();
        }
        pending.forEach(timer -> timer.cancel(false));
        long now = System.nanoTime();
        for (Running<T> attempt : attempts) {
            if (!attempt.future().isDone() && attempt.future().cancel(true)) {
                latencies.accept(now - attempt.startNanos());
            }
        }
    }
}
