package dev.meridian.gateway.cache;

import static java.util.Objects.requireNonNull;

/**
 * Identifies one window of one region's range query: two queries share the key exactly when the
 * window's steps are the same instants evaluated the same way.
 *
 * @param phase {@code start mod step}: which grid of steps the query evaluates at
 * @param window the window's index, {@code floor(t / splitInterval)} for its steps t
 */
record WindowKey(String region, String expr, long step, long phase, long window) {
    WindowKey {
        requireNonNull(region, "region is null");
        requireNonNull(expr, "expr is null");
    }
}
