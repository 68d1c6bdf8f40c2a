package dev.meridian.coordinator.replication;

import dev.meridian.storage.WriteBatch;
import dev.meridian.storage.WriteResult;

/**
 * Writes a batch to one storage node: {@link dev.meridian.storage.node.StorageNodeClient#write}
 * in production. Throws when the node did not store the batch (unreachable, not ready, timed out).
 */
@FunctionalInterface
public interface NodeWriter {
    WriteResult write(String namespace, WriteBatch batch);
}
