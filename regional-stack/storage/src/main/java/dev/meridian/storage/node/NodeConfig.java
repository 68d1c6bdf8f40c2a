package dev.meridian.storage.node;

import static java.util.Objects.requireNonNull;

import dev.meridian.storage.NamespaceOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a storage node is configured with, usually loaded from a YAML file ({@link #load};
 * the format is in {@code regional-stack/storage/docs/node-config.md}, a complete example in
 * {@code config/storage-example.yaml}).
 *
 * @param server where the node listens, how large a request may be, and how it schedules calls
 * @param dataDir the directory holding the node's commit log, blocks and snapshots
 * @param commitLog when the commit log syncs and how large its segments grow
 * @param namespaces the namespaces this node holds, at least one, with unique names
 * @param otlpEndpoint where the node's spans go (OTLP/HTTP, the {@code tracing} section), empty for
 *     nowhere
 */
public record NodeConfig(ServerConfig server, Path dataDir, CommitLogConfig commitLog, List<NamespaceOptions> namespaces,
        Optional<String> otlpEndpoint) {
    public NodeConfig {
        requireNonNull(server, "server is null");
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(commitLog, "commitLog is null");
        requireNonNull(otlpEndpoint, "otlpEndpoint is null");
        namespaces = List.copyOf(namespaces);
        if (namespaces.isEmpty()) {
            throw new IllegalArgumentException("a node needs at least one namespace");
        }
        Set<String> names = new HashSet<>();
        for (NamespaceOptions namespace : namespaces) {
            if (!names.add(namespace.name())) {
                throw new IllegalArgumentException("namespace \"" + namespace.name() + "\" is configured twice");
            }
        }
    }

    /** A config without tracing. */
    public NodeConfig(ServerConfig server, Path dataDir, CommitLogConfig commitLog, List<NamespaceOptions> namespaces) {
        this(server, dataDir, commitLog, namespaces, Optional.empty());
    }

    /**
     * Loads and checks a config file. Every key but {@code dataDir} has a default.
     *
     * @throws NodeConfigException if the file cannot be read, is not YAML, or has a bad or unknown
     *     key; the message names the file, the key, the bad value and what is expected
     */
    public static NodeConfig load(Path file) {
        return NodeConfigParser.parse(file);
    }

    /** The namespace used when the config lists none: {@code raw}, 10s, 48h retention, 2h blocks. */
    public static NamespaceOptions defaultNamespace() {
        return NamespaceOptions.raw("raw", Duration.ofHours(48));
    }

    /** A builder with every default but the data directory, which has none. */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** Builds a config in code (tests, embedding); every setter has the file's default. */
    public static final class Builder {
        private final Path dataDir;
        private ServerConfig server = ServerConfig.defaults();
        private CommitLogConfig commitLog = CommitLogConfig.defaults();
        private List<NamespaceOptions> namespaces = List.of(defaultNamespace());
        private Optional<String> otlpEndpoint = Optional.empty();

        private Builder(Path dataDir) {
            this.dataDir = requireNonNull(dataDir, "dataDir is null");
        }

        public Builder server(ServerConfig server) {
            this.server = requireNonNull(server, "server is null");
            return this;
        }

        public Builder commitLog(CommitLogConfig commitLog) {
            this.commitLog = requireNonNull(commitLog, "commitLog is null");
            return this;
        }

        public Builder namespaces(List<NamespaceOptions> namespaces) {
            this.namespaces = List.copyOf(requireNonNull(namespaces, "namespaces is null"));
            return this;
        }

        /** The collector's OTLP/HTTP URL, e.g. {@code http://collector:4318}; none by default. */
        public Builder otlpEndpoint(String otlpEndpoint) {
            this.otlpEndpoint = Optional.of(requireNonNull(otlpEndpoint, "otlpEndpoint is null"));
            return this;
        }

        public NodeConfig build() {
            return new NodeConfig(server, dataDir, commitLog, namespaces, otlpEndpoint);
        }
    }
}
