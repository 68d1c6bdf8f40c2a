package dev.meridian.gateway.exec;

import static java.util.Objects.requireNonNull;

import dev.meridian.gateway.plan.Pushdown;
import dev.meridian.gateway.region.QueryResult;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.engine.ExternalResults;
import dev.meridian.promql.value.Matrix;
import dev.meridian.promql.value.RangeSeries;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The merged results of a plan's pushdowns, offered to the gateway's engine for the nodes they
 * substitute. Regions in {@code excluded} are left out of every merge.
 */
final class PushedResults implements ExternalResults {
    /** One region's calls for one pushdown: one per part, in the pushdown's part order. */
    record RegionShare(String region, List<RegionCalls.Pending<QueryResult>> parts) {
        RegionShare {
            requireNonNull(region, "region is null");
            parts = List.copyOf(parts);
        }

        boolean answered() {
            for (RegionCalls.Pending<QueryResult> part : parts) {
                if (!part.ok()) {
                    return false;
                }
            }
            return true;
        }
    }

    private final Map<Expr, Matrix> bySubstitute = new IdentityHashMap<>();

    private PushedResults() {}

    static PushedResults merge(Map<Pushdown, List<RegionShare>> shares, Set<String> excluded) {
        PushedResults out = new PushedResults();
        shares.forEach((pushdown, regionShares) -> {
            List<Map<String, List<RangeSeries>>> regions = new ArrayList<>();
            for (RegionShare share : regionShares) {
                if (excluded.contains(share.region()) || !share.answered()) {
                    continue;
                }
                Map<String, List<RangeSeries>> byRole = new LinkedHashMap<>();
                for (int i = 0; i < share.parts().size(); i++) {
                    byRole.put(pushdown.parts().get(i).role(), share.parts().get(i).answer().series());
                }
                regions.add(byRole);
            }
            out.bySubstitute.put(pushdown.substitutes(), PartialMerge.merge(pushdown.merge(), regions));
        });
        return out;
    }

    @Override
    public Matrix resultOf(Expr node) {
        return bySubstitute.get(node);
    }
}
