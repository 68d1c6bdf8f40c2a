package dev.meridian.api;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.Queryable;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.storage.Series;
import dev.meridian.promql.storage.SeriesSet;
import java.util.List;

/**
 * A {@link Queryable} decorator that counts the series each querier selects, over all its
 * {@code select} calls, and fails with {@link LimitExceededException#maxSeries} when the count
 * passes {@code maxSeries}. The engine opens one querier per query, so the limit is per query;
 * the API opens one per {@code /api/v1/series} call. Label name and value lookups are not counted.
 */
public final class SeriesLimitQueryable implements Queryable {
    private final Queryable delegate;
    private final int maxSeries;

    public SeriesLimitQueryable(Queryable delegate, int maxSeries) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        if (maxSeries <= 0) {
            throw new IllegalArgumentException("maxSeries must be > 0 (got: " + maxSeries + ")");
        }
        this.maxSeries = maxSeries;
    }

    @Override
    public Querier querier(long mint, long maxt) {
        return new CountingQuerier(delegate.querier(mint, maxt));
    }

    private final class CountingQuerier implements Querier {
        private final Querier delegate;
        private int selected;

        CountingQuerier(Querier delegate) {
            this.delegate = delegate;
        }

        @Override
        public SeriesSet select(SelectHints hints, List<LabelMatcher> matchers) {
            SeriesSet set = delegate.select(hints, matchers);
            return new SeriesSet() {
                @Override
                public boolean next() {
                    if (!set.next()) {
                        return false;
                    }
                    if (++selected > maxSeries) {
                        throw LimitExceededException.maxSeries(maxSeries);
                    }
                    return true;
                }

                @Override
                public Series at() {
                    return set.at();
                }

                @Override
                public List<String> warnings() {
                    return set.warnings();
                }
            };
        }

        @Override
        public List<String> labelNames(List<LabelMatcher> matchers) {
            return delegate.labelNames(matchers);
        }

        @Override
        public List<String> labelValues(String name, List<LabelMatcher> matchers) {
            return delegate.labelValues(name, matchers);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
