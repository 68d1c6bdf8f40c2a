package dev.meridian.gateway.server;

import java.nio.file.Path;

/** A gateway config file that cannot be read or is invalid; the message names the file and key. */
public final class GatewayConfigException extends RuntimeException {
    public GatewayConfigException(Path file, String key, String problem, Throwable cause) {
        super(file + (key == null ? "" : ": " + key) + ": " + problem, cause);
    }
}
