package dev.meridian.gateway.cache;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.value.RangeSeries;
import java.util.List;

/**
 * A region's result for the steps {@code firstStep..lastStep} of one window: each series with
 * only its points at those steps (series without any are left out). Usually the whole window;
 * less when the query that fetched it started or ended inside the window.
 */
record CachedWindow(long firstStep, long lastStep, List<RangeSeries> series) {
    CachedWindow {
        series = List.copyOf(requireNonNull(series, "series is null"));
    }

    boolean covers(long first, long last) {
        return firstStep <= first && last <= lastStep;
    }
}
