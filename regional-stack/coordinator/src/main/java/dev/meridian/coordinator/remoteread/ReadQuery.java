package dev.meridian.coordinator.remoteread;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.storage.SelectHints;
import java.util.List;

/**
 * One decoded {@code Query} of a remote read: the series matching all {@code matchers}, with their
 * samples in {@code [start, end]} (milliseconds since the epoch, both inclusive).
 *
 * @param hints the request's {@code ReadHints} as storage advice, or hints carrying only {@code
 *     [start, end]} when the request sent none (or sent an empty or inverted time range in them)
 */
public record ReadQuery(long start, long end, List<LabelMatcher> matchers, SelectHints hints) {
    public ReadQuery {
        if (start > end) {
            throw new IllegalArgumentException("start must not be after end (got: " + start + " > " + end + ")");
        }
        matchers = List.copyOf(matchers);
        requireNonNull(hints, "hints is null");
    }
}
