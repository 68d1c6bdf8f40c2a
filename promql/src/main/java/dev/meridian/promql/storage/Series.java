package dev.meridian.promql.storage;

import dev.meridian.promql.labels.Labels;

/** One time series: its identity and a way to read its samples. */
public interface Series {
    Labels labels();

    /** A fresh iterator over the samples in time order, positioned before the first sample. */
    SampleIterator iterator();
}
