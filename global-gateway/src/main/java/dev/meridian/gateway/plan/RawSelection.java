package dev.meridian.gateway.plan;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ast.VectorSelector;
import java.util.List;

/**
 * Raw series the gateway's engine reads from the regions' stores, for selectors not covered by
 * a pushdown. Selectors with the same matchers and range share one selection.
 *
 * @param id the selection's number within its plan, from 1
 * @param read the matchers and the time range
 * @param selectors the selector nodes of the query that read it
 */
public record RawSelection(int id, SelectorRead read, List<VectorSelector> selectors, RegionTargets targets) {
    public RawSelection {
        if (id < 1) {
            throw new IllegalArgumentException("id must be >= 1 (got: " + id + ")");
        }
        requireNonNull(read, "read is null");
        selectors = List.copyOf(requireNonNull(selectors, "selectors is null"));
        requireNonNull(targets, "targets is null");
    }
}
