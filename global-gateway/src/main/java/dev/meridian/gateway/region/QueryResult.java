package dev.meridian.gateway.region;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.value.RangeSeries;
import java.util.List;

/**
 * A region's answer to a {@link RegionQuery}: its result series (labels unique, points at the
 * query's steps), warnings, the samples its engine read, and the bytes the answer took on the
 * wire (0 for in-process regions).
 */
public record QueryResult(List<RangeSeries> series, List<String> warnings, long samplesRead, long wireBytes) {
    public QueryResult {
        series = List.copyOf(requireNonNull(series, "series is null"));
        warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
    }
}
