package dev.meridian.coordinator.replication;

import static java.util.Objects.requireNonNull;

import dev.meridian.storage.WriteBatch;
import dev.meridian.storage.WriteResult;
import dev.meridian.storage.metadata.FamilyMetadata;
import dev.meridian.storage.node.StorageNodeClient;
import java.util.List;

/**
 * Writes to one storage node: {@link #of(StorageNodeClient)} in production. Each method throws
 * when the node did not store what it was given (unreachable, not ready, timed out).
 */
public interface NodeWriter {
    /** Stores samples; series the node refuses as bad data are in the result, not thrown. */
    WriteResult write(String namespace, WriteBatch batch);

    /** Stores metric metadata; the node keeps the newest entry per family. */
    void writeMetadata(List<FamilyMetadata> entries);

    /** The writer over a node's client (which the caller keeps open). */
    static NodeWriter of(StorageNodeClient client) {
        requireNonNull(client, "client is null");
        return new NodeWriter() {
            @Override
            public WriteResult write(String namespace, WriteBatch batch) {
                return client.write(namespace, batch);
            }

            @Override
            public void writeMetadata(List<FamilyMetadata> entries) {
                client.writeMetadata(entries);
            }
        };
    }
}
