package dev.meridian.coordinator.remoteread;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;

/**
 * One selected series with its samples in a query's range: {@code count} samples in {@code
 * timestamps[0, count)} and {@code values[0, count)}, timestamps strictly increasing, values bit
 * for bit as stored (staleness markers included). The arrays may be longer than {@code count}.
 */
record SeriesSamples(Labels labels, long[] timestamps, double[] values, int count) {
    SeriesSamples {
        requireNonNull(labels, "labels is null");
        requireNonNull(timestamps, "timestamps is null");
        requireNonNull(values, "values is null");
    }
}
