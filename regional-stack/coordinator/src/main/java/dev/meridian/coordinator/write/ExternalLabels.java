package dev.meridian.coordinator.write;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The labels a region adds to every series written to it, such as {@code region="eu-west"}, so
 * that the global gateway can tell regions apart and prune them by matcher.
 *
 * <p>A written series that already has one of these labels with the same value is stored once
 * with it; with another value it is refused, since a series claiming to be from another region
 * would be answered for the wrong region. Names are plain label names ({@code
 * [a-zA-Z_][a-zA-Z0-9_]*}) that do not start with {@code __}, which Prometheus reserves; values are
 * not empty.
 */
public final class ExternalLabels {
    public static final ExternalLabels NONE = new ExternalLabels(Labels.EMPTY);
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final Labels labels;
    // UTF-8 bytes of each name and value, in label (byte) order, for the decoder
    private final byte[][] names;
    private final byte[][] values;

    private ExternalLabels(Labels labels) {
        this.labels = labels;
        this.names = new byte[labels.size()][];
        this.values = new byte[labels.size()][];
        for (int i = 0; i < labels.size(); i++) {
            names[i] = labels.name(i).getBytes(StandardCharsets.UTF_8);
            values[i] = labels.value(i).getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * @throws IllegalArgumentException naming the label if a name or value is not allowed
     */
    public static ExternalLabels of(Map<String, String> labels) {
        requireNonNull(labels, "labels is null");
        labels.forEach((name, value) -> {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid external label name \"" + name + "\": must match [a-zA-Z_][a-zA-Z0-9_]*");
            }
            if (name.startsWith("__")) {
                throw new IllegalArgumentException("invalid external label name \"" + name + "\": names starting with __ are reserved");
            }
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("external label " + name + " has an empty value");
            }
        });
        return labels.isEmpty() ? NONE : new ExternalLabels(Labels.of(labels));
    }

    public Labels labels() {
        return labels;
    }

    public int size() {
        return labels.size();
    }

    public boolean isEmpty() {
        return labels.isEmpty();
    }

    byte[] nameBytes(int index) {
        return names[index];
    }

    byte[] valueBytes(int index) {
        return values[index];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExternalLabels other && labels.equals(other.labels);
    }

    @Override
    public int hashCode() {
        return labels.hashCode();
    }

    @Override
    public String toString() {
        return labels.toString();
    }
}
