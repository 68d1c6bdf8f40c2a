package dev.meridian.gateway.region;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.storage.SelectHints;
import java.util.List;

/** A selector's matchers over {@code [start, end]} (ms, inclusive), with the engine's hints. */
public record StoreQuery(List<LabelMatcher> matchers, long start, long end, SelectHints hints) {
    public StoreQuery {
        matchers = List.copyOf(requireNonNull(matchers, "matchers is null"));
        requireNonNull(hints, "hints is null");
    }
}
