package dev.meridian.coordinator.region;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.storage.StorageException;
import dev.meridian.storage.TimeRange;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The time range a region holds in one namespace, from its storage nodes: every node reports the
 * bounds of each namespace it holds (node.proto {@code TimeRanges}: the start of the oldest block
 * window with samples to the newest sample accepted), and the region's range is their union — the
 * least minimum and the greatest maximum over the nodes that answered. A node that does not answer
 * within the timeout is left out (its shards have other replicas, whose ranges are as wide); if
 * none answers the call fails.
 *
 * <p>The answer is cached and refreshed at most once per refresh interval, so that however often
 * the gateway asks, the nodes are asked a few times a minute. Concurrent callers during a refresh
 * wait for it. Thread-safe.
 */
public final class RegionTimeRange implements TimeRangeSource {
    /** How long an answer is reused. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(5);

    private final Map<String, Supplier<Map<String, TimeRange>>> nodes;
    private final String namespace;
    private final long refreshNanos;
    private final Duration timeout;
    private final Executor executor;
    private final LongSupplier nanoTime;

    private TimeRange cached;
    private long cachedAt;

    /**
     * @param nodes each storage node's {@code TimeRanges} call (e.g. {@code
     *     StorageNodeClient::timeRanges}) by node id, for messages
     * @param namespace the namespace the region's queries read
     * @param refreshInterval how long an answer is reused
     * @param timeout how long to wait for the nodes
     * @param executor runs the node calls, which block
     */
    public RegionTimeRange(Map<String, Supplier<Map<String, TimeRange>>> nodes, String namespace, Duration refreshInterval,
            Duration timeout, Executor executor) {
        this(nodes, namespace, refreshInterval, timeout, executor, System::nanoTime);
    }

    RegionTimeRange(Map<String, Supplier<Map<String, TimeRange>>> nodes, String namespace, Duration refreshInterval,
            Duration timeout, Executor executor, LongSupplier nanoTime) {
        this.nodes = new LinkedHashMap<>(requireNonNull(nodes, "nodes is null"));
        this.namespace = requireNonNull(namespace, "namespace is null");
        requireNonNull(refreshInterval, "refreshInterval is null");
        if (refreshInterval.isNegative()) {
            throw new IllegalArgumentException("refreshInterval must not be negative (got: " + refreshInterval + ")");
        }
        this.refreshNanos = refreshInterval.toNanos();
        this.timeout = requireNonNull(timeout, "timeout is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0 (got: " + timeout + ")");
        }
        this.executor = requireNonNull(executor, "executor is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        if (this.nodes.isEmpty()) {
            throw new IllegalArgumentException("nodes must not be empty");
        }
    }

    /**
     * The union of the nodes' ranges of the namespace, at most one refresh interval old.
     *
     * @throws StorageException naming each node and why, if no node answered
     */
    @Override
    public synchronized TimeRange timeRange() {
        if (cached != null && nanoTime.getAsLong() - cachedAt < refreshNanos) {
            return cached;
        }
        TimeRange fresh = ask();
        cached = fresh;
        cachedAt = nanoTime.getAsLong();
        return fresh;
    }

    private TimeRange ask() {
        Map<String, CompletableFuture<Map<String, TimeRange>>> calls = new LinkedHashMap<>();
        nodes.forEach((id, node) -> calls.put(id, CompletableFuture.supplyAsync(node, executor)));
        long deadline = System.nanoTime() + timeout.toNanos();
        TimeRange union = TimeRange.EMPTY;
        int answered = 0;
        StringBuilder failures = new StringBuilder();
        for (Map.Entry<String, CompletableFuture<Map<String, TimeRange>>> call : calls.entrySet()) {
            try {
                Map<String, TimeRange> ranges = call.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                union = union.union(ranges.getOrDefault(namespace, TimeRange.EMPTY));
                answered++;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                failures.append("; ").append(call.getKey()).append(": ").append(cause.getMessage() != null ? cause.getMessage() : cause);
            } catch (TimeoutException e) {
                call.getValue().cancel(true);
                failures.append("; ").append(call.getKey()).append(": no answer within ").append(timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("interrupted while asking the storage nodes for their time ranges", e);
            }
        }
        if (answered == 0) {
            throw new StorageException("cannot tell the region's time range: no storage node answered TimeRanges" + failures);
        }
        return union;
    }
}
