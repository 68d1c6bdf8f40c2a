package dev.meridian.workload;

import dev.meridian.promql.labels.Labels;

/** Receives generated series one at a time. */
@FunctionalInterface
public interface SeriesSink {
    /**
     * One complete series. Both arrays have one entry per sample, in time order; they may be
     * reused by the generator after this call returns (and {@code timestamps} is shared by all
     * series), so a sink that keeps them must copy them.
     */
    void accept(Labels labels, long[] timestamps, double[] values);
}
