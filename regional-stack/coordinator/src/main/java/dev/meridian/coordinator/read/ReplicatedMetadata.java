package dev.meridian.coordinator.read;

import dev.meridian.coordinator.placement.Placement;
import dev.meridian.coordinator.placement.PlacementNode;
import dev.meridian.coordinator.replication.Consistency;
import dev.meridian.api.MetricMetadata;
import dev.meridian.coordinator.write.MetadataMapping;
import dev.meridian.promql.storage.StorageException;
import dev.meridian.storage.metadata.FamilyMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The region's metric metadata (type, help, unit per metric family), what {@code
 * /api/v1/metadata} answers: write coordinators store each family on the replicas of its shard
 * ({@link FamilyMetadata#shard}), and this asks every node at once ({@link ReplicaFanOut}) and
 * merges the replicas' entries, keeping per family the newest ({@link
 * FamilyMetadata#NEWEST_LAST}: latest receive time, ties broken by content, so every reader picks
 * the same).
 *
 * <p>Read consistency works as for series ({@link ReplicatedQueryable}): the answer is complete
 * when every shard has at least {@link Consistency#required} of its replicas among the nodes that
 * answered; otherwise it fails with a {@link StorageException} naming the short shards and why
 * their replicas did not answer. Reading every replica fills one replica's gaps (metadata written
 * while it was down, or lost in its crash) from the others.
 */
public final class ReplicatedMetadata {
    private final ReplicaFanOut fanOut;

    /**
     * @param nodes the reader of each node of the placement (kept open by the caller)
     * @param executor runs the calls to the nodes, which block
     */
    public ReplicatedMetadata(Placement placement, Function<PlacementNode, NodeReader> nodes, Consistency consistency,
            Duration timeout, Executor executor) {
        this.fanOut = new ReplicaFanOut(placement, nodes, consistency, timeout, executor);
    }

    /**
     * Every metric family's newest metadata, sorted by family name.
     *
     * @throws StorageException if the read consistency is not reached
     */
    public List<MetricMetadata> metadata() {
        TreeMap<String, FamilyMetadata> newest = new TreeMap<>();
        for (List<FamilyMetadata> entries : fanOut.call("metadata", NodeReader::metadata).values()) {
            for (FamilyMetadata entry : entries) {
                newest.merge(entry.family(), entry, FamilyMetadata::newer);
            }
        }
        List<MetricMetadata> out = new ArrayList<>(newest.size());
        newest.values().forEach(entry -> out.add(MetadataMapping.fromStorage(entry)));
        return out;
    }
}
