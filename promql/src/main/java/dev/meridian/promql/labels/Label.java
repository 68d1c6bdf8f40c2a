package dev.meridian.promql.labels;

import static java.util.Objects.requireNonNull;

/** One label: a name and a non-empty value. */
public record Label(String name, String value) {
    public Label {
        requireNonNull(name, "name is null");
        requireNonNull(value, "value is null");
    }
}
