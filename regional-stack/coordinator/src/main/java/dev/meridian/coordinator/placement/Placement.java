package dev.meridian.coordinator.placement;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a region's data lives: each of a fixed number of virtual shards is held by {@code
 * replicationFactor} distinct storage nodes. A series belongs to shard {@code
 * SeriesLabels.shard(shards)} (XXH64 of its label bytes, unsigned, mod shards), so the shard count
 * must equal the storage namespaces' {@code shards}. Immutable; the file form is in
 * docs/placement.md ({@link PlacementFile}).
 */
public final class Placement {
    /** The default, as in DESIGN.md: 64 virtual shards per namespace. */
    public static final int DEFAULT_SHARDS = 64;
    public static final int DEFAULT_REPLICATION_FACTOR = 3;
    public static final int MAX_SHARDS = 4096;

    private final int shards;
    private final int replicationFactor;
    private final List<PlacementNode> nodes;
    private final Map<String, Integer> nodeIndex;
    /** Node indexes holding each shard, in replica order. */
    private final int[][] replicas;

    /**
     * @param replicas for each shard 0..shards-1, the ids of the nodes holding it
     * @throws IllegalArgumentException naming the shard or node if the replicas are not exactly
     *     {@code replicationFactor} distinct, known nodes for every shard
     */
    public Placement(int shards, int replicationFactor, List<PlacementNode> nodes, List<List<String>> replicas) {
        requireNonNull(nodes, "nodes is null");
        requireNonNull(replicas, "replicas is null");
        if (shards < 1 || shards > MAX_SHARDS) {
            throw new IllegalArgumentException("shards must be 1-" + MAX_SHARDS + " (got: " + shards + ")");
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replicationFactor must be at least 1 (got: " + replicationFactor + ")");
        }
        if (nodes.size() < replicationFactor) {
            throw new IllegalArgumentException("replicationFactor " + replicationFactor + " needs at least as many nodes, but there "
                    + (nodes.size() == 1 ? "is 1" : "are " + nodes.size()));
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        Set<String> addresses = new HashSet<>();
        for (PlacementNode node : nodes) {
            if (index.putIfAbsent(node.id(), index.size()) != null) {
                throw new IllegalArgumentException("node id " + node.id() + " is listed twice");
            }
            if (!addresses.add(node.address())) {
                throw new IllegalArgumentException("nodes share the address " + node.address() + " (" + node.id() + " and another)");
            }
        }
        if (replicas.size() != shards) {
            throw new IllegalArgumentException("there are " + shards + " shards but replicas for " + replicas.size());
        }
        int[][] table = new int[shards][];
        for (int shard = 0; shard < shards; shard++) {
            List<String> ids = replicas.get(shard);
            if (ids == null || ids.size() != replicationFactor) {
                throw new IllegalArgumentException("shard " + shard + " has " + (ids == null ? 0 : ids.size()) + " replicas; the"
                        + " replication factor is " + replicationFactor);
            }
            table[shard] = new int[replicationFactor];
            for (int r = 0; r < replicationFactor; r++) {
                Integer node = index.get(ids.get(r));
                if (node == null) {
                    throw new IllegalArgumentException("shard " + shard + " names the unknown node " + ids.get(r));
                }
                for (int earlier = 0; earlier < r; earlier++) {
                    if (table[shard][earlier] == node) {
                        throw new IllegalArgumentException("shard " + shard + " names node " + ids.get(r) + " twice");
                    }
                }
                table[shard][r] = node;
            }
        }
        this.shards = shards;
        this.replicationFactor = replicationFactor;
        this.nodes = List.copyOf(nodes);
        this.nodeIndex = Collections.unmodifiableMap(index);
        this.replicas = table;
    }

    /**
     * A balanced placement: the {@code shards * replicationFactor} replica slots are dealt to the
     * nodes round-robin, so replica {@code r} of shard {@code s} is node {@code (s *
     * replicationFactor + r) mod n} in the given order. Every node holds {@code shards *
     * replicationFactor / n} replicas, rounded down or up; a shard's replicas are consecutive nodes,
     * hence distinct, and a node shares shards with all the others.
     */
    public static Placement balanced(List<PlacementNode> nodes, int shards, int replicationFactor) {
        requireNonNull(nodes, "nodes is null");
        List<List<String>> replicas = new ArrayList<>(Math.max(0, shards));
        for (int shard = 0; shard < shards && !nodes.isEmpty(); shard++) {
            List<String> ids = new ArrayList<>(replicationFactor);
            for (int r = 0; r < replicationFactor; r++) {
                ids.add(nodes.get((int) (((long) shard * replicationFactor + r) % nodes.size())).id());
            }
            replicas.add(ids);
        }
        return new Placement(shards, replicationFactor, nodes, replicas);
    }

    public int shards() {
        return shards;
    }

    public int replicationFactor() {
        return replicationFactor;
    }

    public List<PlacementNode> nodes() {
        return nodes;
    }

    /** The nodes holding {@code shard}, in replica order. */
    public List<PlacementNode> replicas(int shard) {
        if (shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard must be 0-" + (shards - 1) + " (got: " + shard + ")");
        }
        List<PlacementNode> out = new ArrayList<>(replicationFactor);
        for (int node : replicas[shard]) {
            out.add(nodes.get(node));
        }
        return out;
    }

    /** The shards {@code nodeId} holds, ascending; empty for a node that holds none. */
    public List<Integer> shardsOf(String nodeId) {
        Integer node = nodeIndex.get(requireNonNull(nodeId, "nodeId is null"));
        if (node == null) {
            throw new IllegalArgumentException("unknown node " + nodeId + "; the placement has " + nodeIndex.keySet());
        }
        List<Integer> out = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++) {
            for (int n : replicas[shard]) {
                if (n == node) {
                    out.add(shard);
                }
            }
        }
        return out;
    }

    /** Replicas per node id, for checking balance. */
    public Map<String, Integer> replicaCounts() {
        Map<String, Integer> counts = new HashMap<>();
        nodes.forEach(n -> counts.put(n.id(), 0));
        for (int[] shard : replicas) {
            for (int node : shard) {
                counts.merge(nodes.get(node).id(), 1, Integer::sum);
            }
        }
        return counts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Placement other && shards == other.shards && replicationFactor == other.replicationFactor
                && nodes.equals(other.nodes) && Arrays.deepEquals(replicas, other.replicas);
    }

    @Override
    public int hashCode() {
        return (shards * 31 + replicationFactor) * 31 + nodes.hashCode();
    }

    @Override
    public String toString() {
        return "Placement{" + shards + " shards, RF " + replicationFactor + ", nodes " + nodeIndex.keySet() + "}";
    }
}
