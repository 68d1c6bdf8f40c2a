package dev.meridian.promql.engine.internal;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.SampleIterator;
import java.util.List;

/**
 * What a range-vector function reads: the series of a matrix selector, or the evaluated series of
 * a subquery, each with a window {@code [ref - range, ref]} per step, where
 * {@code ref = shift.reference(stepTime)}.
 */
interface WindowSource extends AutoCloseable {
    List<Labels> series();

    SampleIterator iterator(int series);

    long rangeMillis();

    TimeShift shift();

    /** Whether the samples come from storage, so that reading them counts as samples read. */
    boolean readsStorage();

    @Override
    void close();
}
