package dev.meridian.coordinator.replication;

import java.util.Locale;

/**
 * How many of a shard's replicas must answer: store a write before it is acknowledged, or answer a
 * read before its result is complete.
 */
public enum Consistency {
    ONE,
    /** More than half: 2 of 3. The default: survives losing any one replica. */
    MAJORITY,
    ALL;

    /** Replicas needed out of {@code replicationFactor}. */
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
    public static Consistency parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("consistency must be one, majority or all (got: \"" + text + "\")", e);
        }
    }
}
