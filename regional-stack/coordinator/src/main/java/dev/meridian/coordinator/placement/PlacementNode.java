package dev.meridian.coordinator.placement;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A storage node in a placement: its id (stable across address changes) and the host and port of
 * its StorageNode service.
 */
public record PlacementNode(String id, String host, int port) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public PlacementNode {
        requireNonNull(id, "id is null");
        requireNonNull(host, "host is null");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("node id must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or"
                    + " digit (got: \"" + id + "\")");
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> c == ':' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("node " + id + ": host must be a name or IPv4 address (got: \"" + host + "\")");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("node " + id + ": port must be 1-65535 (got: " + port + ")");
        }
    }

    /**
     * Parses {@code host:port}.
     *
     * @throws IllegalArgumentException naming the text if it is not {@code host:port}
     */
    public static PlacementNode parse(String id, String address) {
        requireNonNull(address, "address is null");
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("node " + id + ": address must be host:port (got: \"" + address + "\")");
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("node " + id + ": address must be host:port (got: \"" + address + "\")", e);
        }
        return new PlacementNode(id, address.substring(0, colon), port);
    }

    /** {@code host:port}. */
    public String address() {
        return host + ":" + port;
    }
}
