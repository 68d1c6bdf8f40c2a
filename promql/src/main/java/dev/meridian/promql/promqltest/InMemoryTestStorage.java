package dev.meridian.promql.promqltest;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.Queryable;
import dev.meridian.promql.storage.memory.InMemoryStorage;

/** Runs promqltest files on {@link InMemoryStorage}. */
public final class InMemoryTestStorage implements TestStorage {
    private final InMemoryStorage storage = new InMemoryStorage();
    private InMemoryStorage.Appender appender = storage.appender();

    @Override
    public void append(Labels labels, long timestamp, double value) {
        appender.add(labels, timestamp, value);
    }

    @Override
    public void commit() {
        appender.commit();
        appender = storage.appender();
    }

    @Override
    public Queryable queryable() {
        return storage;
    }

    @Override
    public void close() {
        storage.clear();
    }
}
