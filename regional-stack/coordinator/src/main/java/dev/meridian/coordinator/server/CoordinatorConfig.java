package dev.meridian.coordinator.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.coordinator.config.StrictYaml;
import dev.meridian.coordinator.replication.Consistency;
import dev.meridian.promql.syntax.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * A coordinator's configuration (docs/coordinator-config.md), read from YAML key by key: unknown,
 * repeated or malformed keys are errors naming the file and the key.
 *
 * @param host the address to listen on
 * @param port the port (0 picks a free one)
 * @param placement the placement file (relative paths resolve against the config file's directory)
 * @param namespace the storage namespace remote writes go to
 * @param writeConsistency replicas of a shard that must store a write
 * @param writeTimeout how long a write waits for its replicas
 */
public record CoordinatorConfig(String host, int port, Path placement, String namespace, Consistency writeConsistency,
        Duration writeTimeout) {
    private static final Set<String> ROOT_KEYS = Set.of("server", "placement", "namespace", "writeConsistency", "writeTimeout");
    private static final Set<String> SERVER_KEYS = Set.of("host", "port");

    public CoordinatorConfig {
        requireNonNull(host, "host is null");
        requireNonNull(placement, "placement is null");
        requireNonNull(namespace, "namespace is null");
        requireNonNull(writeConsistency, "writeConsistency is null");
        requireNonNull(writeTimeout, "writeTimeout is null");
    }

    /**
     * @throws CoordinatorConfigException naming the file and key if it cannot be read or is invalid
     */
    public static CoordinatorConfig load(Path file) {
        requireNonNull(file, "file is null");
        StrictYaml yaml = StrictYaml.readMapping(file, "expected a mapping with at least placement",
                (key, problem, cause) -> new CoordinatorConfigException(file, key, problem, cause));
        JsonNode root = yaml.root();
        yaml.checkKeys(null, root, ROOT_KEYS);
        String host = "127.0.0.1";
        int port = 9201;
        JsonNode server = root.get("server");
        if (server != null) {
            if (!server.isObject()) {
                throw new CoordinatorConfigException(file, "server", "expected a mapping with host and port");
            }
            yaml.checkKeys("server", server, SERVER_KEYS);
            if (server.has("host")) {
                host = text(file, "server.host", server.get("host"));
            }
            if (server.has("port")) {
                JsonNode p = server.get("port");
                if (!p.isInt() || p.intValue() < 0 || p.intValue() > 65535) {
                    throw new CoordinatorConfigException(file, "server.port", "expected a port 0-65535 (got: " + p + ")");
                }
                port = p.intValue();
            }
        }
        if (!root.has("placement")) {
            throw new CoordinatorConfigException(file, "placement", "missing: the placement file (meridian placement init writes one)");
        }
        Path placement = file.toAbsolutePath().getParent().resolve(text(file, "placement", root.get("placement")));
        String namespace = root.has("namespace") ? text(file, "namespace", root.get("namespace")) : "raw";
        Consistency consistency = Consistency.MAJORITY;
        if (root.has("writeConsistency")) {
            try {
                consistency = Consistency.parse(text(file, "writeConsistency", root.get("writeConsistency")));
            } catch (IllegalArgumentException e) {
                throw new CoordinatorConfigException(file, "writeConsistency", e.getMessage(), e);
            }
        }
        Duration timeout = Duration.ofSeconds(10);
        if (root.has("writeTimeout")) {
            String text = text(file, "writeTimeout", root.get("writeTimeout"));
            try {
                timeout = Duration.ofMillis(Durations.parseMillis(text));
            } catch (RuntimeException e) {
                throw new CoordinatorConfigException(file, "writeTimeout", "expected a duration such as 10s or 1m (got: \"" + text + "\")", e);
            }
            if (timeout.isZero()) {
                throw new CoordinatorConfigException(file, "writeTimeout", "must be more than 0");
            }
        }
        return new CoordinatorConfig(host, port, placement, namespace, consistency, timeout);
    }

    private static String text(Path file, String key, JsonNode value) {
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new CoordinatorConfigException(file, key, "expected a non-empty string (got: " + value + ")");
        }
        return value.textValue();
    }
}
