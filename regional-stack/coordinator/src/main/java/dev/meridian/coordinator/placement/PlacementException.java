package dev.meridian.coordinator.placement;

import java.nio.file.Path;

/** A placement file that cannot be read or is not a valid placement; the message names the file and key. */
public final class PlacementException extends RuntimeException {
    private final Path file;

    public PlacementException(Path file, String key, String problem, Throwable cause) {
        super(file + (key == null ? "" : ": " + key) + ": " + problem, cause);
        this.file = file;
    }

    public PlacementException(Path file, String key, String problem) {
        this(file, key, problem, null);
    }

    public Path file() {
        return file;
    }
}
