package dev.meridian.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.meridian.promql.syntax.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;

/**
 * Meridian's YAML files (placement, coordinator and gateway configs), read into a tree that the
 * caller walks key by key: repeated keys are errors, {@link #checkKeys} refuses unknown ones, and every
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

    /**
     * The mapping at {@code name} in {@code node} (at {@code where}), its keys checked against
     * {@code allowed}; null if absent.
     */
    public JsonNode optionalMapping(String where, JsonNode node, String name, Set<String> allowed, String expected) {
        JsonNode value = node.get(name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw problems.at(key(where, name), expected, null);
        }
        checkKeys(key(where, name), value, allowed);
        return value;
    }

    /** The non-blank string at {@code name}, or {@code defaultValue} if absent. */
    public String text(String where, JsonNode node, String name, String defaultValue) {
        JsonNode value = node.get(name);
        return value == null ? defaultValue : text(key(where, name), value);
    }

    /** {@code value} (at {@code key}) as a non-blank string. */
    public String text(String key, JsonNode value) {
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw problems.at(key, "expected a non-empty string (got: " + value + ")", null);
        }
        return value.textValue();
    }

    /** A port 0-65535 at {@code name} (0: any free port), or {@code defaultValue} if absent. */
    public int port(String where, JsonNode node, String name, int defaultValue) {
        JsonNode value = node.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isInt() || value.intValue() < 0 || value.intValue() > 65535) {
            throw problems.at(key(where, name), "expected a port 0-65535 (got: " + value + ")", null);
        }
        return value.intValue();
    }

    /** A whole number from 1 to {@code max} at {@code name}, or {@code defaultValue} if absent. */
    public long positive(String where, JsonNode node, String name, long defaultValue, long max) {
        return whole(where, node, name, defaultValue, 1, max);
    }

    /** A whole number from {@code min} to {@code max} at {@code name}, or {@code defaultValue} if absent. */
    public long whole(String where, JsonNode node, String name, long defaultValue, long min, long max) {
        JsonNode value = node.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
            throw problems.at(key(where, name), "expected a whole number from " + min + " to " + max + " (got: " + value + ")", null);
        }
        return value.longValue();
    }

    /**
     * A duration in Prometheus' syntax ({@code 10s}, {@code 1m30s}) at {@code name}, more than
     * zero, or {@code defaultValue} if absent.
     */
    public Duration duration(String where, JsonNode node, String name, Duration defaultValue) {
        JsonNode value = node.get(name);
        if (value == null) {
            return defaultValue;
        }
        String key = key(where, name);
        String text = text(key, value);
        Duration parsed;
        try {
            parsed = Duration.ofMillis(Durations.parseMillis(text));
        } catch (RuntimeException e) {
            throw problems.at(key, "expected a duration such as 10s or 1m (got: \"" + text + "\")", e);
        }
        if (parsed.isZero()) {
            throw problems.at(key, "must be more than 0", null);
        }
        return parsed;
    }

    private static String key(String where, String name) {
        return where == null ? name : where + "." + name;
    }
}
