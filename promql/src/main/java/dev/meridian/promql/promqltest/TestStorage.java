package dev.meridian.promql.promqltest;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.Queryable;

/**
 * The storage a promqltest run loads its series into. The runner creates a fresh one for every
 * {@code clear}, so the same files can check any storage implementation.
 */
public interface TestStorage extends AutoCloseable {
    /** Stores one sample; samples become visible after {@link #commit()}. */
    void append(Labels labels, long timestamp, double value);

    void commit();

    Queryable queryable();

    @Override
    void close();
}
