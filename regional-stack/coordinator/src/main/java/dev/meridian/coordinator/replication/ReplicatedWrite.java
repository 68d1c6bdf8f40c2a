package dev.meridian.coordinator.replication;

import static java.util.Objects.requireNonNull;

import dev.meridian.storage.SeriesError;
import java.util.List;

/**
 * The outcome of a replicated write.
 *
 * @param samples samples in the request
 * @param seriesErrors series the storage nodes refused (bad data, never retried), once each
 * @param failedShards shards that did not reach the write consistency (retryable); empty when the
 *     write is acknowledged
 */
public record ReplicatedWrite(long samples, List<SeriesError> seriesErrors, List<ShardFailure> failedShards) {
    public ReplicatedWrite {
        seriesErrors = List.copyOf(requireNonNull(seriesErrors, "seriesErrors is null"));
        failedShards = List.copyOf(requireNonNull(failedShards, "failedShards is null"));
    }

    /** Every shard reached the consistency (some series may still have been refused). */
    public boolean acknowledged() {
        return failedShards.isEmpty();
    }

    /** Samples of the request not refused as bad data. */
    public long samplesAccepted() {
        return samples - seriesErrors.stream().mapToLong(SeriesError::samplesRejected).sum();
    }
}
