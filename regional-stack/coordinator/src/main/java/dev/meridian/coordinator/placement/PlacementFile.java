package dev.meridian.coordinator.placement;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes placement files, YAML as in docs/placement.md:
 *
 * <pre>
 * shards: 64
 * replicationFactor: 3
 * nodes:
 *   - id: node-1
 *     address: 127.0.0.1:9101
 *   ...
 * replicas:            # one entry per shard, in shard order
 *   - [node-1, node-2, node-3]   # shard 0
 *   ...
 * </pre>
 *
 * Unknown and repeated keys are errors, and every problem names the file and the key ({@code
 * replicas[12]}), so a hand-edited placement never half-loads.
 */
public final class PlacementFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> ROOT_KEYS = Set.of("shards", "replicationFactor", "nodes", "replicas");
    private static final Set<String> NODE_KEYS = Set.of("id", "address");

    private PlacementFile() {}

    /**
     * @throws PlacementException if the file cannot be read or is not a valid placement
     */
    public static Placement read(Path file) {
        requireNonNull(file, "file is null");
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = YAML.readTree(in);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw new PlacementException(file, null, "not valid YAML: " + where + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PlacementException(file, null, "cannot read the file: " + e, e);
        }
        if (root == null || !root.isObject()) {
            throw new PlacementException(file, null, "expected a mapping with shards, replicationFactor, nodes and replicas");
        }
        checkKeys(file, null, root, ROOT_KEYS);
        int shards = integer(file, "shards", required(file, root, "shards", null));
        int replicationFactor = integer(file, "replicationFactor", required(file, root, "replicationFactor", null));
        List<PlacementNode> nodes = nodes(file, required(file, root, "nodes", null));
        List<List<String>> replicas = replicas(file, required(file, root, "replicas", null));
        try {
            return new Placement(shards, replicationFactor, nodes, replicas);
        } catch (IllegalArgumentException e) {
            throw new PlacementException(file, null, e.getMessage(), e);
        }
    }

    /** Writes {@code placement} to {@code file} (replacing it), in the form {@link #read} reads. */
    public static void write(Placement placement, Path file) throws IOException {
        Files.writeString(file, format(placement));
    }

    /** The file's text. */
    public static String format(Placement placement) {
        StringBuilder out = new StringBuilder();
        out.append("# Meridian placement: which storage nodes hold each virtual shard (regional-stack/coordinator/docs/placement.md).\n");
        out.append("# shards must equal the storage namespaces' shards.\n");
        out.append("shards: ").append(placement.shards()).append('\n');
        out.append("replicationFactor: ").append(placement.replicationFactor()).append('\n');
        out.append("nodes:\n");
        for (PlacementNode node : placement.nodes()) {
            out.append("  - id: ").append(node.id()).append('\n');
            out.append("    address: ").append(node.address()).append('\n');
        }
        out.append("replicas:\n");
        for (int shard = 0; shard < placement.shards(); shard++) {
            out.append("  - [");
            List<PlacementNode> replicas = placement.replicas(shard);
            for (int r = 0; r < replicas.size(); r++) {
                out.append(r == 0 ? "" : ", ").append(replicas.get(r).id());
            }
            out.append("]  # shard ").append(shard).append('\n');
        }
        return out.toString();
    }

    private static List<PlacementNode> nodes(Path file, JsonNode list) {
        if (!list.isArray() || list.isEmpty()) {
            throw new PlacementException(file, "nodes", "expected a non-empty list of {id, address}");
        }
        List<PlacementNode> nodes = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String key = "nodes[" + i + "]";
            JsonNode node = list.get(i);
            if (!node.isObject()) {
                throw new PlacementException(file, key, "expected a mapping with id and address");
            }
            checkKeys(file, key, node, NODE_KEYS);
            String id = text(file, key + ".id", required(file, node, "id", key));
            String address = text(file, key + ".address", required(file, node, "address", key));
            try {
                nodes.add(PlacementNode.parse(id, address));
            } catch (IllegalArgumentException e) {
                throw new PlacementException(file, key, e.getMessage(), e);
            }
        }
        return nodes;
    }

    private static List<List<String>> replicas(Path file, JsonNode list) {
        if (!list.isArray()) {
            throw new PlacementException(file, "replicas", "expected a list with one list of node ids per shard");
        }
        List<List<String>> replicas = new ArrayList<>();
        for (int shard = 0; shard < list.size(); shard++) {
            String key = "replicas[" + shard + "]";
            JsonNode ids = list.get(shard);
            if (!ids.isArray()) {
                throw new PlacementException(file, key, "expected a list of node ids (got: " + ids + ")");
            }
            List<String> shardReplicas = new ArrayList<>();
            for (int r = 0; r < ids.size(); r++) {
                shardReplicas.add(text(file, key + "[" + r + "]", ids.get(r)));
            }
            replicas.add(shardReplicas);
        }
        return replicas;
    }

    private static void checkKeys(Path file, String where, JsonNode node, Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new PlacementException(file, where == null ? name : where + "." + name,
                        "unknown key; expected one of " + allowed.stream().sorted().toList());
            }
        }
    }

    private static JsonNode required(Path file, JsonNode node, String name, String where) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new PlacementException(file, where == null ? name : where + "." + name, "missing");
        }
        return value;
    }

    private static int integer(Path file, String key, JsonNode value) {
        if (!value.isInt()) {
            throw new PlacementException(file, key, "expected an integer (got: " + value + ")");
        }
        return value.intValue();
    }

    private static String text(Path file, String key, JsonNode value) {
        if (!value.isTextual()) {
            throw new PlacementException(file, key, "expected a string (got: " + value + ")");
        }
        return value.textValue();
    }
}
