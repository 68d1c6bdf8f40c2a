package dev.meridian.promql.storage;

import java.util.List;

/** A cursor over selected series, in label order. Use as {@code while (set.next()) set.at()}. */
public interface SeriesSet {
    /** Advances to the next series; returns false when there are no more. */
    boolean next();

    /** The current series; valid after {@link #next()} returned true. */
    Series at();

    /**
     * Non-fatal problems met while selecting, e.g. a region that did not answer; they travel to
     * the query result as Prometheus {@code warnings}.
     */
    default List<String> warnings() {
        return List.of();
    }

    /** The series, in the order given (which must be label order), with no warnings. */
    static SeriesSet of(List<? extends Series> series) {
        return of(series, List.of());
    }

    /** The series, in the order given (which must be label order), with {@code warnings}. */
    static SeriesSet of(List<? extends Series> series, List<String> warnings) {
        List<String> copy = List.copyOf(warnings);
        return new SeriesSet() {
            private int index = -1;

            @Override
            public boolean next() {
                return ++index < series.size();
            }

            @Override
            public Series at() {
                return series.get(index);
            }

            @Override
            public List<String> warnings() {
                return copy;
            }
        };
    }
}
