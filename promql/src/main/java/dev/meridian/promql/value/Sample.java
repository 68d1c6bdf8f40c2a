package dev.meridian.promql.value;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;

/** One element of an instant vector. */
public record Sample(Labels labels, long timestamp, double value) {
    public Sample {
        requireNonNull(labels, "labels is null");
    }
}
