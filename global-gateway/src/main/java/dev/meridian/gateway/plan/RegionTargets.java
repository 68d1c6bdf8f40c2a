package dev.meridian.gateway.plan;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * The regions one part of a plan goes to.
 *
 * @param regions regions asked directly (a region query for a pushdown, a store call for a raw
 *     selection), in the order the regions were given
 * @param gatewayEvaluated regions whose share of a pushdown the gateway evaluates itself over
 *     their raw series, because their lookback delta differs from the gateway's
 * @param pruned regions skipped because they cannot hold any series the part reads
 */
public record RegionTargets(List<String> regions, List<String> gatewayEvaluated, List<PrunedRegion> pruned) {
    public RegionTargets {
        regions = List.copyOf(requireNonNull(regions, "regions is null"));
        gatewayEvaluated = List.copyOf(requireNonNull(gatewayEvaluated, "gatewayEvaluated is null"));
        pruned = List.copyOf(requireNonNull(pruned, "pruned is null"));
    }

    /** Every region that contributes: asked directly or evaluated at the gateway. */
    public List<String> contributing() {
        if (gatewayEvaluated.isEmpty()) {
            return regions;
        }
        List<String> all = new ArrayList<>(regions);
        all.addAll(gatewayEvaluated);
        return List.copyOf(all);
    }
}
