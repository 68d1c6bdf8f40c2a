package dev.meridian.coordinator.placement;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.config.StrictYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    private static final Set<String> ROOT_KEYS = Set.of("shards", "replicationFactor", "nodes", "replicas");
    private static final Set<String> NODE_KEYS = Set.of("id", "address");

    private PlacementFile() {}

    /**
     * @throws PlacementException if the file cannot be read or is not a valid placement
     */
    public static Placement read(Path file) {
        StrictYaml yaml = StrictYaml.readMapping(file, "expected a mapping with shards, replicationFactor, nodes and replicas",
                (key, problem, cause) -> new PlacementException(file, key, problem, cause));
        JsonNode root = yaml.root();
        yaml.checkKeys(null, root, ROOT_KEYS);
        int shards = integer(file, "shards", yaml.required(null, root, "shards"));
        int replicationFactor = integer(file, "replicationFactor", yaml.required(null, root, "replicationFactor"));
        List<PlacementNode> nodes = nodes(yaml, file, yaml.required(null, root, "nodes"));
        List<List<String>> replicas = replicas(file, yaml.required(null, root, "replicas"));
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

    private static List<PlacementNode> nodes(StrictYaml yaml, Path file, JsonNode list) {
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
            yaml.checkKeys(key, node, NODE_KEYS);
            String id = text(file, key + ".id", yaml.required(key, node, "id"));
            String address = text(file, key + ".address", yaml.required(key, node, "address"));
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
