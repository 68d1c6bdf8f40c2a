package dev.meridian.promql.storage;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Advice from the engine about a selection; storage may use it (e.g. to skip blocks or to push a
 * function down) or ignore it. All times are milliseconds.
 *
 * @param start earliest timestamp the engine will read
 * @param end latest timestamp the engine will read
 * @param step query resolution, 0 for instant queries
 * @param range the range of a matrix selector, 0 for an instant selector
 * @param function the innermost function or aggregation around the selector, or {@code ""}
 * @param grouping the grouping labels of that aggregation
 * @param by whether {@code grouping} is {@code by} (true) or {@code without} (false)
 */
public record SelectHints(
        long start, long end, long step, long range, String function, List<String> grouping, boolean by) {
    public SelectHints {
        requireNonNull(function, "function is null");
        grouping = List.copyOf(grouping);
    }

    /** Hints that only carry the time range. */
    public static SelectHints ofRange(long start, long end) {
        return new SelectHints(start, end, 0, 0, "", List.of(), false);
    }
}
