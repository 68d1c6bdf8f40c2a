package dev.meridian.gateway.cache;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.value.RangeSeries;

/**
 * Estimates the heap bytes of a cache entry, for the cache's size bound: object headers and
 * references at 64-bit JVM sizes, strings at two bytes per character (no compact-string
 * savings), 16 bytes per point (a long and a double). An estimate, not a measurement: close
 * enough that the bound holds within a small factor.
 */
final class ResultWeigher {
    static final int ENTRY_OVERHEAD = 96;
    static final int SERIES_OVERHEAD = 96;
    static final int LABEL_OVERHEAD = 96;
    static final int STRING_OVERHEAD = 40;

    private ResultWeigher() {}

    static int weigh(WindowKey key, CachedWindow window) {
        long bytes = ENTRY_OVERHEAD + string(key.region()) + string(key.expr());
        for (RangeSeries series : window.series()) {
            bytes += SERIES_OVERHEAD + 16L * series.size();
            Labels labels = series.labels();
            for (int i = 0; i < labels.size(); i++) {
                bytes += LABEL_OVERHEAD + string(labels.name(i)) + string(labels.value(i));
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    private static long string(String s) {
        return STRING_OVERHEAD + 2L * s.length();
    }
}
