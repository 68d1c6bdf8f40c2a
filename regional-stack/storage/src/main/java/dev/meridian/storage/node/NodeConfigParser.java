package dev.meridian.storage.node;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.meridian.promql.syntax.Durations;
import dev.meridian.storage.FsyncPolicy;
import dev.meridian.storage.NamespaceOptions;
import dev.meridian.tracing.TracingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a node config file (docs/node-config.md). Jackson reads the YAML into a tree, which is
 * walked key by key rather than bound to classes, so that every problem is reported with the file,
 * the key path ({@code namespaces[1].retention}), the bad value and what the key expects. Unknown
 * and repeated keys are errors, so a misspelt key is never silently ignored. Durations use
 * Prometheus syntax ({@link Durations}: {@code 10s}, {@code 2h}, {@code 90d}); sizes are bytes,
 * written as an integer or with a binary unit ({@code 512KiB}, {@code 128MiB}, {@code 1GiB}).
 */
final class NodeConfigParser {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final List<String> ROOT_KEYS = List.of("server", "dataDir", "commitLog", "namespaces", "tracing");
    private static final List<String> SERVER_KEYS = List.of("host", "port", "maxRequestBytes", "requestTimeout",
            "shutdownTimeout", "writeThreads", "readThreads");
    private static final List<String> COMMIT_LOG_KEYS = List.of("fsync", "segmentSize");
    private static final List<String> TRACING_KEYS = List.of("otlpEndpoint");
    private static final List<String> NAMESPACE_KEYS =
            List.of("name", "resolution", "retention", "blockSize", "bufferPast", "bufferFuture", "shards");

    private static final Pattern NAMESPACE_NAME = Pattern.compile("[a-zA-Z0-9_-]+");
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,12})(B|KiB|MiB|GiB)?");
    private static final String DURATION_EXAMPLE = "a duration such as 10s, 5m, 2h or 90d";
    private static final String SIZE_EXAMPLE = "a size in bytes such as 1048576, 512KiB, 128MiB or 1GiB";
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    private final Path file;

    private NodeConfigParser(Path file) {
        this.file = file;
    }

    static NodeConfig parse(Path file) {
        requireNonNull(file, "file is null");
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = YAML.readTree(in);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw new NodeConfigException(file, null, "not valid YAML: " + where + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new NodeConfigException(file, null, "cannot read the file: " + e, e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new NodeConfigException(file, null, "the file is empty; it needs at least dataDir");
        }
        return new NodeConfigParser(file).config(root);
    }

    private NodeConfig config(JsonNode rootNode) {
        Section root = section(rootNode, null, ROOT_KEYS);
        return new NodeConfig(server(root), dataDir(root), commitLog(root), namespaces(root), otlpEndpoint(root));
    }

    /** {@code tracing.otlpEndpoint}: an http(s) URL with a host, checked as {@link TracingConfig} checks it. */
    private Optional<String> otlpEndpoint(Section root) {
        JsonNode node = root.get("tracing");
        if (node == null) {
            return Optional.empty();
        }
        Section tracing = section(node, "tracing", TRACING_KEYS);
        String expected = "an http(s) URL with a host, e.g. http://collector:4318";
        String endpoint = text(tracing, "otlpEndpoint", null, expected);
        if (endpoint == null) {
            return Optional.empty();
        }
        try {
            return new TracingConfig(Optional.of(endpoint)).otlpEndpoint();
        } catch (IllegalArgumentException e) {
            throw new NodeConfigException(file, tracing.key("otlpEndpoint"), "must be " + expected + " (got: "
                    + got(tracing.get("otlpEndpoint")) + ")", e);
        }
    }

    private ServerConfig server(Section root) {
        ServerConfig defaults = ServerConfig.defaults();
        JsonNode node = root.get("server");
        if (node == null) {
            return defaults;
        }
        Section server = section(node, "server", SERVER_KEYS);
        String host = text(server, "host", defaults.host(), "an address such as 127.0.0.1, 0.0.0.0 or a host name");
        int port = integer(server, "port", defaults.port(), 0, 65535);
        int maxRequestBytes = (int) size(server, "maxRequestBytes", defaults.maxRequestBytes(),
                ServerConfig.MIN_MAX_REQUEST_BYTES, ServerConfig.MAX_MAX_REQUEST_BYTES);
        Duration requestTimeout = positiveDuration(server, "requestTimeout", defaults.requestTimeout());
        Duration shutdownTimeout = duration(server, "shutdownTimeout", defaults.shutdownTimeout());
        int writeThreads = integer(server, "writeThreads", defaults.writeThreads(), 1, ServerConfig.MAX_THREADS);
        int readThreads = integer(server, "readThreads", defaults.readThreads(), 1, ServerConfig.MAX_THREADS);
        return new ServerConfig(host, port, maxRequestBytes, requestTimeout, shutdownTimeout, writeThreads, readThreads);
    }

    /** Required. Relative paths are relative to the config file's directory. */
    private Path dataDir(Section root) {
        String expected = "the directory for the node's data, e.g. /var/lib/meridian/storage";
        String text = text(root, "dataDir", null, expected);
        if (text == null) {
            throw error("dataDir", "is required (expected: " + expected + ")");
        }
        try {
            Path configured = Path.of(text);
            Path base = file.toAbsolutePath().getParent();
            return configured.isAbsolute() || base == null ? configured : base.resolve(configured).normalize();
        } catch (InvalidPathException e) {
            throw error("dataDir", "is not a valid path: " + e.getReason() + " (got: " + got(root.get("dataDir")) + ")");
        }
    }

    private CommitLogConfig commitLog(Section root) {
        CommitLogConfig defaults = CommitLogConfig.defaults();
        JsonNode node = root.get("commitLog");
        if (node == null) {
            return defaults;
        }
        Section commitLog = section(node, "commitLog", COMMIT_LOG_KEYS);
        return new CommitLogConfig(fsync(commitLog, defaults.fsync()), size(commitLog, "segmentSize",
                defaults.segmentBytes(), CommitLogConfig.MIN_SEGMENT_BYTES, CommitLogConfig.MAX_SEGMENT_BYTES));
    }

    /** {@code always}, or a group-commit interval > 0. */
    private FsyncPolicy fsync(Section commitLog, FsyncPolicy fallback) {
        JsonNode node = commitLog.get("fsync");
        if (node == null) {
            return fallback;
        }
        String expected = "must be \"always\" or an interval > 0 such as 100ms or 1s (got: " + got(node) + ")";
        if (!node.isTextual()) {
            throw error(commitLog.key("fsync"), expected);
        }
        if (node.textValue().equals("always")) {
            return FsyncPolicy.always();
        }
        long millis;
        try {
            millis = Durations.parseMillis(node.textValue());
        } catch (IllegalArgumentException e) {
            throw error(commitLog.key("fsync"), expected);
        }
        if (millis == 0) {
            throw error(commitLog.key("fsync"), expected);
        }
        return FsyncPolicy.every(Duration.ofMillis(millis));
    }

    private List<NamespaceOptions> namespaces(Section root) {
        JsonNode node = root.get("namespaces");
        if (node == null) {
            return List.of(NodeConfig.defaultNamespace());
        }
        if (!node.isArray()) {
            throw error("namespaces", "must be a list of namespaces, each a mapping with at least a name (got: "
                    + got(node) + ")");
        }
        if (node.isEmpty()) {
            throw error("namespaces", "must list at least one namespace; leave the key out for the default one "
                    + "(raw, 48h retention)");
        }
        List<NamespaceOptions> namespaces = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            NamespaceOptions namespace = namespace(node.get(i), "namespaces[" + i + "]");
            Integer earlier = seen.putIfAbsent(namespace.name(), i);
            if (earlier != null) {
                throw error("namespaces[" + i + "].name", "\"" + namespace.name() + "\" is already the name of namespaces["
                        + earlier + "]");
            }
            namespaces.add(namespace);
        }
        return namespaces;
    }

    /**
     * One namespace; every key but {@code name} defaults to the {@code raw} namespace's value. The
     * checks repeat {@link NamespaceOptions}' so that messages name the key and show durations as
     * written.
     */
    private NamespaceOptions namespace(JsonNode node, String path) {
        Section ns = section(node, path, NAMESPACE_KEYS);
        NamespaceOptions defaults = NodeConfig.defaultNamespace();
        String name = text(ns, "name", null, "a name matching [a-zA-Z0-9_-]+");
        if (name == null) {
            throw error(ns.key("name"), "is required (expected: a name matching [a-zA-Z0-9_-]+)");
        }
        if (!NAMESPACE_NAME.matcher(name).matches()) {
            throw error(ns.key("name"), "must match [a-zA-Z0-9_-]+ (got: " + got(ns.get("name")) + ")");
        }
        Duration resolution = positiveDuration(ns, "resolution", defaults.resolution());
        Duration retention = positiveDuration(ns, "retention", defaults.retention());
        Duration blockSize = positiveDuration(ns, "blockSize", defaults.blockSize());
        long blockMillis = blockSize.toMillis();
        if (DAY_MILLIS % blockMillis != 0 && blockMillis % DAY_MILLIS != 0) {
            throw error(ns.key("blockSize"), "must divide a day or be whole days, e.g. 2h or 1d (got: "
                    + Durations.format(blockMillis) + ")");
        }
        if (retention.compareTo(blockSize) < 0) {
            throw error(ns.key("retention"), "must be at least blockSize, " + Durations.format(blockMillis)
                    + " (got: " + Durations.format(retention.toMillis()) + ")");
        }
        Duration bufferPast = duration(ns, "bufferPast", defaults.bufferPast());
        if (bufferPast.compareTo(blockSize) >= 0) {
            throw error(ns.key("bufferPast"), "must be shorter than blockSize, " + Durations.format(blockMillis)
                    + " (got: " + Durations.format(bufferPast.toMillis()) + ")");
        }
        Duration bufferFuture = duration(ns, "bufferFuture", defaults.bufferFuture());
        int shards = integer(ns, "shards", defaults.shards(), 1, 4096);
        try {
            return new NamespaceOptions(name, resolution, retention, blockSize, bufferPast, bufferFuture, shards);
        } catch (IllegalArgumentException e) {
            // The checks above mirror NamespaceOptions'; this catches any it adds later.
            throw error(path, e.getMessage());
        }
    }

    // ------------------------------------------------------------ values

    /** A non-blank text value, or {@code fallback} when the key is absent. */
    private String text(Section section, String key, String fallback, String expected) {
        JsonNode node = section.get(key);
        if (node == null) {
            return fallback;
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw error(section.key(key), "must be " + expected + " (got: " + got(node) + ")");
        }
        return node.textValue();
    }

    private int integer(Section section, String key, int fallback, int min, int max) {
        JsonNode node = section.get(key);
        if (node == null) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
            throw error(section.key(key), "must be an integer in [" + min + ", " + max + "] (got: " + got(node) + ")");
        }
        return node.intValue();
    }

    /** A size in bytes in {@code [min, max]}: an integer, or digits and a unit. */
    private long size(Section section, String key, long fallback, long min, long max) {
        JsonNode node = section.get(key);
        if (node == null) {
            return fallback;
        }
        long bytes;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            bytes = node.longValue();
        } else {
            Matcher m = node.isTextual() ? SIZE.matcher(node.textValue()) : null;
            if (m == null || !m.matches()) {
                throw error(section.key(key), "must be " + SIZE_EXAMPLE + " (got: " + got(node) + ")");
            }
            int shift = m.group(2) == null ? 0 : switch (m.group(2)) {
                case "KiB" -> 10;
                case "MiB" -> 20;
                case "GiB" -> 30;
                default -> 0;
            };
            // At most 12 digits times 2^30 fits in a long.
            bytes = Long.parseLong(m.group(1)) << shift;
        }
        if (bytes < min || bytes > max) {
            throw error(section.key(key), "must be between " + formatSize(min) + " and " + formatSize(max) + " (got: "
                    + got(node) + ")");
        }
        return bytes;
    }

    /** A duration >= 0 ({@code 0} allowed bare), or {@code fallback} when the key is absent. */
    private Duration duration(Section section, String key, Duration fallback) {
        JsonNode node = section.get(key);
        if (node == null) {
            return fallback;
        }
        if (node.isIntegralNumber() && node.canConvertToInt() && node.intValue() == 0) {
            return Duration.ZERO;
        }
        if (!node.isTextual()) {
            throw error(section.key(key), "must be " + DURATION_EXAMPLE + " (got: " + got(node) + ")");
        }
        try {
            return Duration.ofMillis(Durations.parseMillis(node.textValue()));
        } catch (IllegalArgumentException e) {
            throw error(section.key(key), "must be " + DURATION_EXAMPLE + " (got: " + got(node) + ")");
        }
    }

    private Duration positiveDuration(Section section, String key, Duration fallback) {
        Duration duration = duration(section, key, fallback);
        if (duration.isZero()) {
            throw error(section.key(key), "must be > 0 (got: " + got(section.get(key)) + ")");
        }
        return duration;
    }

    private static String formatSize(long bytes) {
        if (bytes % (1 << 30) == 0) {
            return (bytes >> 30) + "GiB";
        }
        if (bytes % (1 << 20) == 0) {
            return (bytes >> 20) + "MiB";
        }
        if (bytes % (1 << 10) == 0) {
            return (bytes >> 10) + "KiB";
        }
        return bytes + "B";
    }

    /** How a value is shown after "got:": text quoted, mappings and lists by kind, others as written. */
    private static String got(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.toString();
    }

    // ------------------------------------------------------------ structure

    /** A mapping whose keys are all among {@code allowed}; {@code path} is null for the root. */
    private Section section(JsonNode node, String path, List<String> allowed) {
        if (!(node instanceof ObjectNode object)) {
            String problem = "must be a mapping with the keys " + String.join(", ", allowed) + " (got: " + got(node) + ")";
            throw path == null ? new NodeConfigException(file, null, problem) : error(path, problem);
        }
        Section section = new Section(object, path);
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw error(section.key(name), "unknown key (expected one of: " + String.join(", ", allowed) + ")");
            }
        }
        return section;
    }

    private NodeConfigException error(String key, String problem) {
        return new NodeConfigException(file, key, problem);
    }

    private record Section(ObjectNode node, String path) {
        /** The value of {@code name}, or null when absent. */
        JsonNode get(String name) {
            return node.get(name);
        }

        String key(String name) {
            return path == null ? name : path + "." + name;
        }
    }
}
