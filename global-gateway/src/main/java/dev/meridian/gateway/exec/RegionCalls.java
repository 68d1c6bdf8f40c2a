package dev.meridian.gateway.exec;

import static java.util.Objects.requireNonNull;

import dev.meridian.gateway.region.CallOptions;
import dev.meridian.gateway.region.RegionException;
import dev.meridian.promql.syntax.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The region calls of one request, all sharing its deadline. Calls are started on the caller's
 * thread (so within its OpenTelemetry context) and run concurrently; {@link #awaitAll()} waits
 * until every call started so far ended, the deadline passed, or the request is bound to fail.
 *
 * <p>Each call ends exactly once ("settles"): with its answer, with its failure, or, at the
 * deadline, as timed out, after which the gateway cancels its future and ignores whatever it
 * still delivers. Every settlement is recorded in the coverage. A failure decides the request at
 * once (the other calls are canceled) when it is not the region's fault (a bad query or a limit:
 * every region would say the same), when the policy is {@link PartialResponse#ABORT}, or when so
 * many regions failed that fewer than the policy's minimum can answer.
 */
final class RegionCalls {
    /** What a call's answer counts for in the coverage. */
    interface Measure<T> {
        long series(T answer);

        long samples(T answer);

        long bytes(T answer);
    }

    /** One started call. */
    static final class Pending<T> {
        private final String region;
        private final long startNanos;
        private CompletableFuture<T> future;
        private CompletableFuture<Void> settledSignal;
        private boolean settled;
        private boolean ok;
        private T answer;

        private Pending(String region, long startNanos) {
            this.region = region;
            this.startNanos = startNanos;
        }

        String region() {
            return region;
        }

        /** Whether the call answered (false while it runs). */
        synchronized boolean ok() {
            return ok;
        }

        /** The answer, or {@code null} if the call failed, timed out or still runs. */
        synchronized T answer() {
            return ok ? answer : null;
        }

        private synchronized boolean settle(boolean success, T value) {
            if (settled) {
                return false;
            }
            settled = true;
            ok = success;
            answer = value;
            return true;
        }
    }

    /** A failure that decides the request. */
    private record Failure(GatewayErrorKind kind, String message, Throwable cause) {}

    private final long deadlineNanos;
    private final Duration timeout;
    private final QueryPolicy policy;
    private final CoverageRecorder coverage;
    private final List<Pending<?>> calls = new ArrayList<>();
    private final CompletableFuture<Void> decided = new CompletableFuture<>();
    private Failure failure;
    /** Why the request was canceled from outside, or null. */
    private String canceledBecause;

    RegionCalls(long deadlineNanos, QueryPolicy policy, CoverageRecorder coverage) {
        this.deadlineNanos = deadlineNanos;
        this.policy = requireNonNull(policy, "policy is null");
        this.timeout = policy.timeout();
        this.coverage = requireNonNull(coverage, "coverage is null");
    }

    CallOptions options(boolean cacheable) {
        return new CallOptions(deadlineNanos, cacheable);
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    CoverageRecorder coverage() {
        return coverage;
    }

    /** Starts a call now, on this thread; a call that throws instead of failing its future counts as failed. */
    <T> Pending<T> start(String region, Supplier<CompletableFuture<T>> call, Measure<T> measure) {
        Pending<T> pending = new Pending<>(region, System.nanoTime());
        CompletableFuture<T> future;
        if (decided.isDone()) {
            // The request already failed: do not bother the region.
            String why = whyCanceled();
            future = CompletableFuture.failedFuture(new CancellationException(why));
            pending.settle(false, null);
            coverage.failed(region, RegionStatus.CANCELED, "canceled: " + why, 0);
        } else {
            try {
                future = requireNonNull(call.get(), "region call returned no future");
            } catch (RuntimeException e) {
                future = CompletableFuture.failedFuture(e);
            }
        }
        pending.future = future;
        pending.settledSignal = future.handle((answer, error) -> {
            if (error == null) {
                succeed(pending, answer, measure);
            } else {
                fail(pending, unwrap(error));
            }
            return null;
        });
        synchronized (this) {
            calls.add(pending);
        }
        return pending;
    }

    /**
     * Waits until every call started so far settled or the deadline passed (then the rest time
     * out and are canceled).
     *
     * @throws GatewayQueryException if a failure decided the request; outstanding calls are canceled
     */
    void awaitAll() {
        List<Pending<?>> snapshot;
        synchronized (this) {
            snapshot = new ArrayList<>(calls);
        }
        CompletableFuture<?>[] signals = new CompletableFuture<?>[snapshot.size()];
        for (int i = 0; i < signals.length; i++) {
            signals[i] = snapshot.get(i).settledSignal;
        }
        CompletableFuture<Object> done = CompletableFuture.anyOf(CompletableFuture.allOf(signals), decided);
        try {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0 && !done.isDone()) {
                throw new TimeoutException();
            }
            done.get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Everything still running times out at once, and then the policy looks at all of it.
            List<Pending<?>> timedOut = new ArrayList<>();
            for (Pending<?> p : snapshot) {
                if (p.settle(false, null)) {
                    coverage.failed(p.region, RegionStatus.TIMEOUT, "timeout after " + Durations.format(timeout.toMillis()),
                            System.nanoTime() - p.startNanos);
                    timedOut.add(p);
                }
            }
            if (!timedOut.isEmpty()) {
                checkPolicy();
            }
            for (Pending<?> p : timedOut) {
                p.future.cancel(true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelOutstanding(snapshot);
            throw new GatewayQueryException(GatewayErrorKind.CANCELED, "query interrupted while waiting for regions",
                    coverage.snapshot(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("settlement signals never fail", e);
        }
        Failure f;
        synchronized (this) {
            f = failure;
        }
        if (f != null) {
            cancelOutstanding(snapshot);
            throw exception(f);
        }
    }

    /**
     * Cancels the request from outside (its client went away): {@link #awaitAll()} throws a
     * CANCELED failure at once, the calls still running are canceled and no new call starts.
     */
    void cancel(String reason) {
        requireNonNull(reason, "reason is null");
        synchronized (this) {
            if (canceledBecause == null) {
                canceledBecause = reason;
            }
        }
        decide(new Failure(GatewayErrorKind.CANCELED, "query canceled: " + reason, null));
    }

    private synchronized String whyCanceled() {
        return canceledBecause != null ? canceledBecause : "the query failed";
    }

    /** Gives up on every call still running, as canceled, and cancels it. */
    private void cancelOutstanding(List<Pending<?>> snapshot) {
        String why = "canceled: " + whyCanceled();
        for (Pending<?> p : snapshot) {
            if (p.settle(false, null)) {
                coverage.failed(p.region, RegionStatus.CANCELED, why, System.nanoTime() - p.startNanos);
                p.future.cancel(true);
            }
        }
    }

    private <T> void succeed(Pending<T> p, T answer, Measure<T> measure) {
        if (p.settle(true, answer)) {
            coverage.answered(p.region, measure.series(answer), measure.samples(answer), measure.bytes(answer),
                    System.nanoTime() - p.startNanos);
        }
    }

    private void fail(Pending<?> p, Throwable error) {
        if (!p.settle(false, null)) {
            return;
        }
        long latency = System.nanoTime() - p.startNanos;
        if (error instanceof RegionException re) {
            String message = withoutRegionPrefix(re, p.region);
            coverage.failed(p.region, status(re.kind()), message, latency);
            if (re.kind().isRegionFault()) {
                checkPolicy();
            } else {
                decide(new Failure(kindOf(re), re.getMessage(), re));
            }
        } else if (error instanceof CancellationException) {
            coverage.failed(p.region, RegionStatus.CANCELED, "canceled", latency);
            decide(new Failure(GatewayErrorKind.CANCELED, "region " + p.region + ": call canceled", error));
        } else if (error instanceof TimeoutException) {
            coverage.failed(p.region, RegionStatus.TIMEOUT, "timeout after " + Durations.format(timeout.toMillis()),
                    latency);
            checkPolicy();
        } else {
            coverage.failed(p.region, RegionStatus.ERROR, String.valueOf(error), latency);
            checkPolicy();
        }
    }

    /** After a region fault: decides the request if the policy no longer allows an answer. */
    private void checkPolicy() {
        boolean tooFew = coverage.regionCount() - coverage.failedRegions().size() < policy.minRegions();
        if (policy.partialResponse() == PartialResponse.ABORT || tooFew) {
            // Worded now, before the calls this failure cancels count as failed too.
            decide(new Failure(GatewayErrorKind.UNAVAILABLE, FailurePolicy.failureMessage(policy, coverage.snapshot()),
                    null));
        }
    }

    private void decide(Failure f) {
        synchronized (this) {
            if (failure == null) {
                failure = f;
            }
        }
        decided.complete(null);
    }

    private GatewayQueryException exception(Failure f) {
        return new GatewayQueryException(f.kind(), f.message(), coverage.snapshot(), f.cause());
    }

    private static RegionStatus status(RegionException.Kind kind) {
        return switch (kind) {
            case TIMEOUT -> RegionStatus.TIMEOUT;
            case UNAVAILABLE -> RegionStatus.UNAVAILABLE;
            case CIRCUIT_OPEN -> RegionStatus.CIRCUIT_OPEN;
            case CANCELED -> RegionStatus.CANCELED;
            case BAD_REQUEST, LIMIT, INTERNAL -> RegionStatus.ERROR;
        };
    }

    /** The request's error for a failure that is not the region's fault. */
    private static GatewayErrorKind kindOf(RegionException e) {
        return switch (e.kind()) {
            case BAD_REQUEST -> e.errorType().equals("execution") ? GatewayErrorKind.EXECUTION : GatewayErrorKind.BAD_DATA;
            case LIMIT -> GatewayErrorKind.EXECUTION;
            case CANCELED -> GatewayErrorKind.CANCELED;
            case TIMEOUT, UNAVAILABLE, CIRCUIT_OPEN, INTERNAL -> GatewayErrorKind.UNAVAILABLE;
        };
    }

    private static String withoutRegionPrefix(RegionException e, String region) {
        String prefix = "region " + region + ": ";
        String message = String.valueOf(e.getMessage());
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
