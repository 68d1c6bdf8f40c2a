package dev.meridian.coordinator.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.api.ApiLimits;
import dev.meridian.api.QueryConfig;
import dev.meridian.config.StrictYaml;
import dev.meridian.coordinator.replication.Consistency;
import dev.meridian.coordinator.write.ExternalLabels;
import dev.meridian.tracing.TracingConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A coordinator's configuration (docs/coordinator-config.md), read from YAML key by key: unknown,
 * repeated or malformed keys are errors naming the file and the key.
 *
 * @param host the address to listen on
 * @param port the port (0 picks a free one)
 * @param placement the placement file (relative paths resolve against the config file's directory)
 * @param namespace the storage namespace remote writes go to and queries read
 * @param region the region's name, the value of the {@code region} label on every series
 * @param externalLabels the labels added to every written series: {@code region} plus any configured
 * @param writeConsistency replicas of a shard that must store a write
 * @param writeTimeout how long a write waits for its replicas
 * @param readConsistency replicas of every shard that must answer a read
 * @param readTimeout how long a read waits for the storage nodes
 * @param queryLimits the query API's limits (series, samples, range, timeout)
 * @param queryConcurrency queries and lookups that run at once; more wait for a free slot
 * @param otlpEndpoint where the coordinator's spans go (OTLP/HTTP, the {@code tracing} block read by
 *     {@link TracingConfig}), empty for nowhere
 */
public record CoordinatorConfig(String host, int port, Path placement, String namespace, String region, ExternalLabels externalLabels,
        Consistency writeConsistency, Duration writeTimeout, Consistency readConsistency, Duration readTimeout, ApiLimits queryLimits,
        int queryConcurrency, Optional<String> otlpEndpoint) {
    /** Prometheus' {@code --query.max-concurrency} default. */
    public static final int DEFAULT_QUERY_CONCURRENCY = QueryConfig.DEFAULT_MAX_CONCURRENCY;
    /** The label that carries the region's name. */
    public static final String REGION_LABEL = "region";
    private static final Pattern REGION_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final Set<String> ROOT_KEYS = Set.of("server", "placement", "namespace", "region", "externalLabels",
            "writeConsistency", "writeTimeout", "readConsistency", "readTimeout", "query", "tracing");
    private static final Set<String> SERVER_KEYS = Set.of("host", "port");

    public CoordinatorConfig {
        requireNonNull(host, "host is null");
        requireNonNull(placement, "placement is null");
        requireNonNull(namespace, "namespace is null");
        requireNonNull(region, "region is null");
        requireNonNull(externalLabels, "externalLabels is null");
        requireNonNull(writeConsistency, "writeConsistency is null");
        requireNonNull(writeTimeout, "writeTimeout is null");
        requireNonNull(readConsistency, "readConsistency is null");
        requireNonNull(readTimeout, "readTimeout is null");
        requireNonNull(queryLimits, "queryLimits is null");
        requireNonNull(otlpEndpoint, "otlpEndpoint is null");
        if (queryConcurrency <= 0) {
            throw new IllegalArgumentException("queryConcurrency must be > 0 (got: " + queryConcurrency + ")");
        }
        if (!region.equals(externalLabels.labels().get(REGION_LABEL))) {
            throw new IllegalArgumentException("externalLabels " + externalLabels + " must have region=\"" + region + "\"");
        }
    }

    /**
     * @throws CoordinatorConfigException naming the file and key if it cannot be read or is invalid
     */
    public static CoordinatorConfig load(Path file) {
        requireNonNull(file, "file is null");
        StrictYaml yaml = StrictYaml.readMapping(file, "expected a mapping with at least placement and region",
                (key, problem, cause) -> new CoordinatorConfigException(file, key, problem, cause));
        JsonNode root = yaml.root();
        yaml.checkKeys(null, root, ROOT_KEYS);
        JsonNode server = yaml.optionalMapping(null, root, "server", SERVER_KEYS, "expected a mapping with host and port");
        String host = server == null ? "127.0.0.1" : yaml.text("server", server, "host", "127.0.0.1");
        int port = server == null ? 9201 : yaml.port("server", server, "port", 9201);
        if (!root.has("placement")) {
            throw new CoordinatorConfigException(file, "placement", "missing: the placement file (meridian placement init writes one)");
        }
        Path placement = file.toAbsolutePath().getParent().resolve(yaml.text("placement", root.get("placement")));
        String namespace = yaml.text(null, root, "namespace", "raw");
        if (!root.has("region")) {
            throw new CoordinatorConfigException(file, "region", "missing: the region's name, added as region=\"<name>\" to every series");
        }
        String region = yaml.text("region", root.get("region"));
        if (!REGION_NAME.matcher(region).matches()) {
            throw new CoordinatorConfigException(file, "region", "expected letters, digits, '_', '.' or '-', starting with a letter or "
                    + "digit (got: \"" + region + "\")");
        }
        ExternalLabels externalLabels = externalLabels(file, yaml, root.get("externalLabels"), region);
        Consistency writeConsistency = consistency(file, yaml, root, "writeConsistency");
        Duration writeTimeout = yaml.duration(null, root, "writeTimeout", Duration.ofSeconds(10));
        Consistency readConsistency = consistency(file, yaml, root, "readConsistency");
        Duration readTimeout = yaml.duration(null, root, "readTimeout", Duration.ofSeconds(30));
        QueryConfig query = QueryConfig.read(yaml, root);
        TracingConfig tracing = TracingConfig.read(yaml, root);
        return new CoordinatorConfig(host, port, placement, namespace, region, externalLabels, writeConsistency, writeTimeout,
                readConsistency, readTimeout, query.limits(), query.maxConcurrency(), tracing.otlpEndpoint());
    }

    private static ExternalLabels externalLabels(Path file, StrictYaml yaml, JsonNode node, String region) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (node != null) {
            if (!node.isObject()) {
                throw new CoordinatorConfigException(file, "externalLabels", "expected a mapping of label names to values");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> label = it.next();
                String key = "externalLabels." + label.getKey();
                if (label.getKey().equals(REGION_LABEL)) {
                    throw new CoordinatorConfigException(file, key, "set by the region key; remove it here");
                }
                labels.put(label.getKey(), yaml.text(key, label.getValue()));
            }
        }
        labels.put(REGION_LABEL, region);
        try {
            return ExternalLabels.of(labels);
        } catch (IllegalArgumentException e) {
            throw new CoordinatorConfigException(file, "externalLabels", e.getMessage(), e);
        }
    }

    private static Consistency consistency(Path file, StrictYaml yaml, JsonNode root, String key) {
        if (!root.has(key)) {
            return Consistency.MAJORITY;
        }
        try {
            return Consistency.parse(yaml.text(key, root.get(key)));
        } catch (IllegalArgumentException e) {
            throw new CoordinatorConfigException(file, key, e.getMessage(), e);
        }
    }
}
