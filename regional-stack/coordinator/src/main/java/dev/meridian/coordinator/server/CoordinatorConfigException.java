package dev.meridian.coordinator.server;

import java.nio.file.Path;

/** A coordinator config file that cannot be read or is invalid; the message names the file and key. */
public final class CoordinatorConfigException extends RuntimeException {
    public CoordinatorConfigException(Path file, String key, String problem, Throwable cause) {
        super(file + (key == null ? "" : ": " + key) + ": " + problem, cause);
    }

    public CoordinatorConfigException(Path file, String key, String problem) {
        this(file, key, problem, null);
    }
}
