package dev.meridian.coordinator.config;

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
import java.util.Iterator;
import java.util.Set;

/**
 * The coordinator's YAML files (placement, coordinator config), read into a tree that the caller
 * walks key by key: repeated keys are errors, {@link #checkKeys} refuses unknown ones, and every
 * problem becomes the caller's exception naming the file and the key path ({@code nodes[1].id}).
 */
public final class StrictYaml {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** Makes the caller's exception for a problem at {@code key} (null: the file as a whole). */
    @FunctionalInterface
    public interface Problems {
        RuntimeException at(String key, String problem, Throwable cause);
    }

    private final Problems problems;
    private final JsonNode root;

    private StrictYaml(Problems problems, JsonNode root) {
        this.problems = problems;
        this.root = root;
    }

    /**
     * Reads {@code file}, which must hold a mapping; otherwise throws {@code problems}' exception
     * with {@code expected} as the problem.
     */
    public static StrictYaml readMapping(Path file, String expected, Problems problems) {
        requireNonNull(file, "file is null");
        requireNonNull(problems, "problems is null");
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = YAML.readTree(in);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw problems.at(null, "not valid YAML: " + where + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw problems.at(null, "cannot read the file: " + e, e);
        }
        if (root == null || !root.isObject()) {
            throw problems.at(null, expected, null);
        }
        return new StrictYaml(problems, root);
    }

    public JsonNode root() {
        return root;
    }

    /** The caller's exception for {@code problem} at {@code key}. */
    public RuntimeException problem(String key, String problem) {
        return problems.at(key, problem, null);
    }

    /** The caller's exception for {@code problem} at {@code key}, caused by {@code cause}. */
    public RuntimeException problem(String key, String problem, Throwable cause) {
        return problems.at(key, problem, cause);
    }

    /** Refuses keys of the mapping {@code node} (at {@code where}, null for the root) outside {@code allowed}. */
    public void checkKeys(String where, JsonNode node, Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw problems.at(key(where, name), "unknown key; expected one of " + allowed.stream().sorted().toList(), null);
            }
        }
    }

    /** The value of {@code name} in the mapping {@code node} (at {@code where}); missing or null is an error. */
    public JsonNode required(String where, JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw problems.at(key(where, name), "missing", null);
        }
        return value;
    }

    private static String key(String where, String name) {
        return where == null ? name : where + "." + name;
    }
}
