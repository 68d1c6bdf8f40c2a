package dev.meridian.coordinator.replication;

import static java.util.Objects.requireNonNull;

import dev.meridian.coordinator.placement.Placement;
import dev.meridian.coordinator.placement.PlacementNode;
import dev.meridian.storage.SeriesError;
import dev.meridian.storage.WriteBatch;
import dev.meridian.storage.WriteResult;
import dev.meridian.storage.metadata.FamilyMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Writes a request's series, grouped by shard, and its metric metadata, each family to shard
 * {@link FamilyMetadata#shard} of the placement, to every replica of each shard, and returns once
 * each shard has reached the write consistency, or cannot any more, or the timeout passes.
 * Metadata counts like samples: a replica has stored a shard when it stored both the shard's
 * series and the shard's families.
 *
 * <p>The shards a node holds go to it in one batch (one Write call per node, not per shard, and
 * one WriteMetadata call after it when the request has metadata for the node), all nodes at once.
 * Replicas still writing when the write returns finish in the background, so a shard acknowledged
 * by 2 of 3 usually ends up on all 3. Storage nodes validate identically, so a series they refuse
 * (bad data) is reported once, from the first replica that answered for it.
 */
public final class ReplicatedWriter {
    private final Placement placement;
    private final Function<PlacementNode, NodeWriter> nodes;
    private final Consistency consistency;
    private final Duration timeout;
    private final Executor executor;

    /**
     * @param nodes the writer for each node of the placement (kept open by the caller)
     * @param executor runs the calls to the nodes, which block
     */
    public ReplicatedWriter(Placement placement, Function<PlacementNode, NodeWriter> nodes, Consistency consistency,
            Duration timeout, Executor executor) {
        this.placement = requireNonNull(placement, "placement is null");
        this.nodes = requireNonNull(nodes, "nodes is null");
        this.consistency = requireNonNull(consistency, "consistency is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.executor = requireNonNull(executor, "executor is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive (got: " + timeout + ")");
        }
    }

    public Consistency consistency() {
        return consistency;
    }

    /**
     * Writes {@code byShard} (shard to its series) into {@code namespace}.
     *
     * @throws IllegalArgumentException if a shard is outside the placement
     * @throws InterruptedException if interrupted while waiting; replicas may still store the data
     */
    public ReplicatedWrite write(String namespace, Map<Integer, WriteBatch> byShard) throws InterruptedException {
        return write(namespace, byShard, List.of());
    }

    /**
     * Writes {@code byShard} (shard to its series) into {@code namespace}, and {@code metadata}
     * (node-wide, not per namespace) to the replicas of each family's shard. Either may be empty.
     *
     * @throws IllegalArgumentException if a shard is outside the placement
     * @throws InterruptedException if interrupted while waiting; replicas may still store the data
     */
    public ReplicatedWrite write(String namespace, Map<Integer, WriteBatch> byShard, List<FamilyMetadata> metadata)
            throws InterruptedException {
        requireNonNull(namespace, "namespace is null");
        requireNonNull(byShard, "byShard is null");
        requireNonNull(metadata, "metadata is null");
        Map<Integer, List<FamilyMetadata>> metadataByShard = new LinkedHashMap<>();
        for (FamilyMetadata entry : metadata) {
            metadataByShard.computeIfAbsent(entry.shard(placement.shards()), s -> new ArrayList<>()).add(entry);
        }
        SortedSet<Integer> shards = new TreeSet<>(metadataByShard.keySet());
        long samples = 0;
        for (Map.Entry<Integer, WriteBatch> e : byShard.entrySet()) {
            if (e.getValue().size() > 0) {
                shards.add(e.getKey());
                samples += e.getValue().sampleCount();
            }
        }
        Map<PlacementNode, List<Integer>> shardsByNode = new LinkedHashMap<>();
        for (int shard : shards) {
            for (PlacementNode node : placement.replicas(shard)) {
                shardsByNode.computeIfAbsent(node, n -> new ArrayList<>()).add(shard);
            }
        }
        Progress progress = new Progress(List.copyOf(shards), placement.replicationFactor(),
                consistency.required(placement.replicationFactor()));
        for (Map.Entry<PlacementNode, List<Integer>> e : shardsByNode.entrySet()) {
            PlacementNode node = e.getKey();
            List<Integer> nodeShards = e.getValue();
            WriteBatch batch = new WriteBatch();
            List<FamilyMetadata> nodeMetadata = new ArrayList<>();
            for (int shard : nodeShards) {
                WriteBatch shardBatch = byShard.get(shard);
                if (shardBatch != null) {
                    batch.addAll(shardBatch);
                }
                nodeMetadata.addAll(metadataByShard.getOrDefault(shard, List.of()));
            }
            NodeWriter writer = nodes.apply(node);
            executor.execute(() -> {
                try {
                    WriteResult result = batch.size() > 0 ? writer.write(namespace, batch) : new WriteResult(0, List.of());
                    if (!nodeMetadata.isEmpty()) {
                        writer.writeMetadata(nodeMetadata);
                    }
                    progress.stored(nodeShards, result);
                } catch (RuntimeException failure) {
                    String why = failure.getMessage() != null ? failure.getMessage() : failure.toString();
                    progress.failed(nodeShards, node.id() + " (" + node.address() + "): " + why);
                }
            });
        }
        return progress.await(samples, timeout);
    }

    /** Acknowledgements per shard as node calls complete; guarded by itself. */
    private static final class Progress {
        private final Map<Integer, int[]> counts = new LinkedHashMap<>(); // shard -> {acks, failures}
        private final Map<Integer, List<String>> errors = new LinkedHashMap<>();
        private final Map<String, SeriesError> refused = new LinkedHashMap<>();
        private final int replicationFactor;
        private final int required;
        private int undecided;

        Progress(List<Integer> shards, int replicationFactor, int required) {
            this.replicationFactor = replicationFactor;
            this.required = required;
            for (int shard : shards) {
                counts.put(shard, new int[2]);
                errors.put(shard, new ArrayList<>());
            }
            this.undecided = shards.size();
        }

        synchronized void stored(List<Integer> shards, WriteResult result) {
            for (SeriesError error : result.errors()) {
                refused.putIfAbsent(error.series(), error);
            }
            for (int shard : shards) {
                int[] c = counts.get(shard);
                boolean wasUndecided = undecided(c);
                c[0]++;
                if (wasUndecided && !undecided(c)) {
                    undecided--;
                }
            }
            notifyAll();
        }

        synchronized void failed(List<Integer> shards, String error) {
            for (int shard : shards) {
                int[] c = counts.get(shard);
                boolean wasUndecided = undecided(c);
                c[1]++;
                errors.get(shard).add(error);
                if (wasUndecided && !undecided(c)) {
                    undecided--;
                }
            }
            notifyAll();
        }

        /** Not yet acknowledged, and enough replicas still outstanding to get there. */
        private boolean undecided(int[] c) {
            return c[0] < required && c[1] <= replicationFactor - required;
        }

        synchronized ReplicatedWrite await(long samples, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (undecided > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            List<ShardFailure> failed = new ArrayList<>();
            for (Map.Entry<Integer, int[]> e : counts.entrySet()) {
                int[] c = e.getValue();
                if (c[0] < required) {
                    List<String> why = new ArrayList<>(errors.get(e.getKey()));
                    int pending = replicationFactor - c[0] - c[1];
                    if (undecided(c)) { // timed out: the replicas still out could have made it
                        why.add(pending + (pending == 1 ? " replica" : " replicas") + " had not answered after " + timeout);
                    }
                    failed.add(new ShardFailure(e.getKey(), c[0], required, why));
                }
            }
            return new ReplicatedWrite(samples, List.copyOf(refused.values()), failed);
        }
    }
}
