package dev.meridian.gateway.region;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;

/**
 * What a region says about itself (region.proto's RegionInfo).
 *
 * @param externalLabels labels the region adds to every series, including {@code region}
 * @param minTime oldest sample time the region may hold (ms); greater than {@code maxTime} if
 *     it holds nothing yet
 * @param maxTime newest sample time the region may hold (ms)
 * @param lookbackDeltaMillis the region engine's lookback delta
 */
public record RegionInfo(String name, Labels externalLabels, long minTime, long maxTime, long lookbackDeltaMillis) {
    public RegionInfo {
        requireNonNull(name, "name is null");
        requireNonNull(externalLabels, "externalLabels is null");
    }

    /** Whether the region may hold samples in {@code [start, end]}. */
    public boolean overlaps(long start, long end) {
        return minTime <= maxTime && minTime <= end && start <= maxTime;
    }
}
