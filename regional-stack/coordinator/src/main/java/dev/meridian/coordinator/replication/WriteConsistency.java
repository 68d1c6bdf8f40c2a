package dev.meridian.coordinator.replication;

import java.util.Locale;

/** How many of a shard's replicas must store a write before it is acknowledged. */
public enum WriteConsistency {
    ONE,
    /** More than half: 2 of 3. The default: a write survives losing any one replica. */
    MAJORITY,
    ALL;

    /** Acknowledgements needed out of {@code replicationFactor} replicas. */
    public int required(int replicationFactor) {
        return switch (this) {
            case ONE -> 1;
            case MAJORITY -> replicationFactor / 2 + 1;
            case ALL -> replicationFactor;
        };
    }

    /**
     * Parses {@code one}, {@code majority} or {@code all}, in any case.
     *
     * @throws IllegalArgumentException naming the text otherwise
     */
    public static WriteConsistency parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("write consistency must be one, majority or all (got: \"" + text + "\")", e);
        }
    }
}
