package dev.meridian.coordinator.server;

import java.util.Locale;

/**
 * What a coordinator process serves. Production runs {@link #READ} and {@link #WRITE} as separate
 * processes, so that heavy queries cannot take CPU, memory or threads from ingestion; {@link
 * #BOTH} serves everything on one port, for a small region or a laptop.
 */
public enum CoordinatorRole {
    /** The Prometheus query API and remote read. */
    READ,
    /** Prometheus remote write. */
    WRITE,
    BOTH;

    public boolean reads() {
        return this != WRITE;
    }

    public boolean writes() {
        return this != READ;
    }

    /**
     * Parses {@code read}, {@code write} or {@code both}, in any case.
     *
     * @throws IllegalArgumentException naming the text otherwise
     */
    public static CoordinatorRole parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("role must be read, write or both (got: \"" + text + "\")", e);
        }
    }
}
