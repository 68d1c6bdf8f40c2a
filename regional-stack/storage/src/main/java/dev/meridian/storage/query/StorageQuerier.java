package dev.meridian.storage.query;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.storage.SeriesSet;
import java.util.List;

/**
 * PromQL's view of a namespace over {@code [mint, maxt]}: the blocks and head of one {@link
 * ReadView}. The engine's hints narrow the time range of each selection.
 */
public final class StorageQuerier implements Querier {
    private final ViewReader reader;
    private final long mint;
    private final long maxt;
    private final List<String> warnings;

    /** @param warnings what every result of this querier carries, e.g. that the head is still replaying */
    public StorageQuerier(ReadView view, long mint, long maxt, List<String> warnings) {
        this.reader = new ViewReader(view);
        this.mint = mint;
        this.maxt = maxt;
        this.warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
    }

    @Override
    public SeriesSet select(SelectHints hints, List<LabelMatcher> matchers) {
        long start = mint;
        long end = maxt;
        if (hints != null) {
            start = Math.max(start, hints.start());
            end = Math.min(end, hints.end());
        }
        try {
            return reader.select(matchers, start, end, warnings);
        } catch (dev.meridian.storage.StorageException e) {
            throw StorageSeries.forPromql(e);
        }
    }

    @Override
    public List<String> labelNames(List<LabelMatcher> matchers) {
        try {
            return reader.labelNames(matchers, mint, maxt);
        } catch (dev.meridian.storage.StorageException e) {
            throw StorageSeries.forPromql(e);
        }
    }

    @Override
    public List<String> labelValues(String name, List<LabelMatcher> matchers) {
        try {
            return reader.labelValues(name, matchers, mint, maxt);
        } catch (dev.meridian.storage.StorageException e) {
            throw StorageSeries.forPromql(e);
        }
    }

    @Override
    public void close() {}
}
