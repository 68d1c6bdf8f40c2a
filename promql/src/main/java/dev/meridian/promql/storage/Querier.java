package dev.meridian.promql.storage;

import dev.meridian.promql.labels.LabelMatcher;
import java.util.List;

/**
 * Reads series and label metadata within the time range it was opened for. Implementations may
 * hold resources (files, connections) until {@link #close()}.
 */
public interface Querier extends AutoCloseable {
    /**
     * Selects the series that satisfy all {@code matchers}, sorted by their labels.
     *
     * @param hints advice about how the result will be used; implementations may ignore it
     * @throws StorageException if the data cannot be read
     */
    SeriesSet select(SelectHints hints, List<LabelMatcher> matchers);

    /** Label names of the series that satisfy all {@code matchers} (all series if empty), sorted. */
    List<String> labelNames(List<LabelMatcher> matchers);

    /** Values of label {@code name} among series that satisfy all {@code matchers}, sorted. */
    List<String> labelValues(String name, List<LabelMatcher> matchers);

    @Override
    void close();
}
