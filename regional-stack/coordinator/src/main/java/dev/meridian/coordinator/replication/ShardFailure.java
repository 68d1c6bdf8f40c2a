package dev.meridian.coordinator.replication;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A shard whose write did not reach its consistency: fewer than {@code required} replicas stored
 * it. Retryable: the client sends the request again (remote write answers 5xx).
 *
 * @param nodeErrors why each failed replica failed, as {@code node-2 (127.0.0.1:9102): ...}
 */
public record ShardFailure(int shard, int acknowledged, int required, List<String> nodeErrors) {
    public ShardFailure {
        nodeErrors = List.copyOf(requireNonNull(nodeErrors, "nodeErrors is null"));
    }

    @Override
    public String toString() {
        return "shard " + shard + ": " + acknowledged + " of " + required + " required replicas stored it"
                + (nodeErrors.isEmpty() ? "" : "; " + String.join("; ", nodeErrors));
    }
}
