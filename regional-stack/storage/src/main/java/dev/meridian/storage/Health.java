package dev.meridian.storage;

import static java.util.Objects.requireNonNull;

/**
 * Whether a node can serve.
 *
 * @param ready true when writes and reads are served
 * @param state what the node is doing, e.g. {@code replaying commit log}, {@code ready}, {@code closing}
 */
public record Health(boolean ready, String state) {
    public Health {
        requireNonNull(state, "state is null");
    }
}
