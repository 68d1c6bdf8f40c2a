package dev.meridian.coordinator.region;

import dev.meridian.storage.TimeRange;

/**
 * Where the region service learns the time range its region holds ({@code RegionInfo.min_time_ms}
 * and {@code max_time_ms}): {@link RegionTimeRange} over the storage nodes in production.
 */
@FunctionalInterface
public interface TimeRangeSource {
    /**
     * Bounds of the samples the region holds; {@link TimeRange#EMPTY} if it holds none.
     *
     * @throws dev.meridian.promql.storage.StorageException if the storage cannot tell
     */
    TimeRange timeRange();
}
