package dev.meridian.gateway.plan;

import dev.meridian.gateway.region.RegionInfo;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.parser.Parser;
import java.util.List;
import java.util.Set;

/** Region descriptions and helpers shared by the planner's tests. */
final class TestRegions {
    static final long HOUR = 3_600_000;
    static final long T0 = 1_700_000_000_000L;
    static final long LOOKBACK = 300_000;

    static final RegionInfo EU = new RegionInfo("eu-west", Labels.of("region", "eu-west", "provider", "aws"), T0,
            T0 + 10 * HOUR, LOOKBACK);
    static final RegionInfo US = new RegionInfo("us-east", Labels.of("region", "us-east"), T0, T0 + 10 * HOUR, LOOKBACK);
    /** Holds data only from 5 hours in. */
    static final RegionInfo AP = new RegionInfo("ap-south", Labels.of("region", "ap-south"), T0 + 5 * HOUR,
            T0 + 10 * HOUR, LOOKBACK);
    static final List<RegionInfo> ALL = List.of(EU, US, AP);

    private TestRegions() {}

    static Localities classify(Expr expr) {
        return new ClassifyLocality(Set.of("region", "provider")).classify(expr);
    }

    static Locality localityOf(String query) {
        Expr expr = Parser.parse(query);
        return classify(expr).of(expr);
    }

    /** An instant plan at 8 hours in, pushing down. */
    static DistributedPlan plan(String query) {
        return DistributedPlanner.pushingDown().plan(Parser.parse(query), QueryRange.instant(T0 + 8 * HOUR), ALL,
                EngineConfig.defaults());
    }
}
