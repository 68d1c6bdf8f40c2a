package dev.meridian.gateway.region;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.value.RangeSeries;
import java.util.List;

/**
 * Raw series of a {@link StoreQuery}, decoded: in label order, each with its samples in
 * {@code [start, end]} in time order (staleness markers included, as stored), plus warnings and
 * the bytes the answer took on the wire.
 */
public record StoreResult(List<RangeSeries> series, List<String> warnings, long wireBytes) {
    public StoreResult {
        series = List.copyOf(requireNonNull(series, "series is null"));
        warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
    }
}
