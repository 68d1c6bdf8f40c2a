package dev.meridian.coordinator.read;

import static java.util.Objects.requireNonNull;

import dev.meridian.coordinator.placement.Placement;
import dev.meridian.coordinator.placement.PlacementNode;
import dev.meridian.coordinator.replication.Consistency;
import dev.meridian.promql.storage.StorageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One read sent to every storage node of a placement at once, checked against a read consistency:
 * the read is complete when every shard has at least {@link Consistency#required} of its replicas
 * among the nodes that answered within the timeout; otherwise it fails with a {@link
 * StorageException} naming how many shards are short, the first of them, and why each failed node
 * did not answer. What the readers built on it ({@link ReplicatedQueryable}, {@link
 * ReplicatedMetadata}) share; merging the answers is theirs.
 */
final class ReplicaFanOut {
    /** Short shards a failure message lists before it abbreviates. */
    private static final int SHARDS_LISTED = 10;

    private final Placement placement;
    private final Function<PlacementNode, NodeReader> nodes;
    private final Consistency consistency;
    private final Duration timeout;
    private final Executor executor;

    /**
     * @param nodes the reader of each node of the placement (kept open by the caller)
     * @param executor runs the calls to the nodes, which block
     */
    ReplicaFanOut(Placement placement, Function<PlacementNode, NodeReader> nodes, Consistency consistency, Duration timeout,
            Executor executor) {
        this.placement = requireNonNull(placement, "placement is null");
        this.nodes = requireNonNull(nodes, "nodes is null");
        this.consistency = requireNonNull(consistency, "consistency is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.executor = requireNonNull(executor, "executor is null");
    }

    /**
     * Calls {@code call} on every node at once and returns the answers of the nodes that answered,
     * by node, in placement order.
     *
     * @param what what is read, for messages, e.g. {@code "label names"}
     * @throws StorageException if a shard has too few answering replicas, or if interrupted
     */
    <T> Map<PlacementNode, T> call(String what, Function<NodeReader, T> call) {
        Map<PlacementNode, CompletableFuture<T>> calls = new LinkedHashMap<>();
        for (PlacementNode node : placement.nodes()) {
            NodeReader reader = nodes.apply(node);
            calls.put(node, CompletableFuture.supplyAsync(() -> call.apply(reader), executor));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<PlacementNode, T> answers = new LinkedHashMap<>();
        Map<PlacementNode, String> failures = new LinkedHashMap<>();
        for (Map.Entry<PlacementNode, CompletableFuture<T>> e : calls.entrySet()) {
            try {
                answers.put(e.getKey(), e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException failure) {
                Throwable cause = failure.getCause();
                failures.put(e.getKey(), cause.getMessage() != null ? cause.getMessage() : cause.toString());
            } catch (TimeoutException late) {
                e.getValue().cancel(true);
                failures.put(e.getKey(), "no answer within " + timeout);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new StorageException("interrupted while reading " + what + " from the storage nodes", interrupted);
            }
        }
        checkConsistency(what, answers, failures);
        return answers;
    }

    /** Every shard needs {@code required} of its replicas among the nodes that answered. */
    private void checkConsistency(String what, Map<PlacementNode, ?> answers, Map<PlacementNode, String> failures) {
        if (failures.isEmpty()) {
            return;
        }
        int required = consistency.required(placement.replicationFactor());
        List<Integer> shortShards = new ArrayList<>();
        for (int shard = 0; shard < placement.shards(); shard++) {
            int answered = 0;
            for (PlacementNode replica : placement.replicas(shard)) {
                if (answers.containsKey(replica)) {
                    answered++;
                }
            }
            if (answered < required) {
                shortShards.add(shard);
            }
        }
        if (!shortShards.isEmpty()) {
            StringBuilder why = new StringBuilder();
            failures.forEach((node, error) -> why.append("; ").append(node.id()).append(" (").append(node.address()).append("): ")
                    .append(error));
            throw new StorageException("cannot read " + what + " at consistency " + consistency.name().toLowerCase(Locale.ROOT)
                    + ": " + shortShards.size() + " of " + placement.shards() + " shards have fewer than " + required
                    + " answering replicas (shards " + abbreviate(shortShards) + ")" + why);
        }
    }

    private static String abbreviate(List<Integer> shards) {
        List<Integer> head = shards.subList(0, Math.min(SHARDS_LISTED, shards.size()));
        return head.toString().replace("[", "").replace("]", "") + (shards.size() > head.size() ? ", ..." : "");
    }
}
