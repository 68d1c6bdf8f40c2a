package dev.meridian.gateway.plan;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.LabelMatcher;
import java.util.List;

/**
 * What one selector reads: series matching all {@code matchers}, samples in {@code [start, end]}
 * (milliseconds, inclusive).
 */
public record SelectorRead(List<LabelMatcher> matchers, long start, long end) {
    public SelectorRead {
        matchers = List.copyOf(requireNonNull(matchers, "matchers is null"));
        if (end < start) {
            throw new IllegalArgumentException("end must not be before start (got: " + start + ".." + end + ")");
        }
    }

    /** Whether this read covers all of {@code [from, to]}. */
    public boolean covers(long from, long to) {
        return start <= from && to <= end;
    }
}
