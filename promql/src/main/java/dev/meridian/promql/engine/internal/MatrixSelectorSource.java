package dev.meridian.promql.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.SampleIterator;
import java.util.List;

/** A range vector selector read from storage. */
record MatrixSelectorSource(SeriesSelection selection, long rangeMillis, TimeShift shift) implements WindowSource {
    MatrixSelectorSource {
        requireNonNull(selection, "selection is null");
        requireNonNull(shift, "shift is null");
    }

    @Override
    public List<Labels> series() {
        return selection.labels();
    }

    @Override
    public SampleIterator iterator(int series) {
        return selection.series().get(series).iterator();
    }

    @Override
    public boolean readsStorage() {
        return true;
    }

    @Override
    public void close() {}
}
