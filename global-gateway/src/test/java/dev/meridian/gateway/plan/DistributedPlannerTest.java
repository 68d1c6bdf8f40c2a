package dev.meridian.gateway.plan;

import static dev.meridian.gateway.plan.TestRegions.EU;
import static dev.meridian.gateway.plan.TestRegions.HOUR;
import static dev.meridian.gateway.plan.TestRegions.T0;
import static dev.meridian.gateway.plan.TestRegions.US;
import static dev.meridian.gateway.plan.TestRegions.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.gateway.region.RegionInfo;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.parser.Parser;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistributedPlannerTest {
    @Test
    void aRegionWithAnotherLookbackIsEvaluatedAtTheGatewayNotSentThePushdown() {
        RegionInfo slow = new RegionInfo("us-east", US.externalLabels(), US.minTime(), US.maxTime(), 600_000);
        DistributedPlan plan = DistributedPlanner.pushingDown().plan(Parser.parse("sum(x)"),
                QueryRange.instant(T0 + HOUR), List.of(EU, slow), EngineConfig.defaults());
        RegionTargets targets = plan.pushdowns().get(0).targets();
        assertThat(targets.regions()).containsExactly("eu-west");
        assertThat(targets.gatewayEvaluated()).containsExactly("us-east");
        assertThat(targets.contributing()).containsExactly("eu-west", "us-east");
    }

    @Test
    void pushdownsUsingStartOrEndAreNotCacheable() {
        assertThat(plan("sum(x @ start())").pushdowns().get(0).cacheable()).isFalse();
        assertThat(plan("max_over_time(x[1h:1m] @ end())").pushdowns().get(0).cacheable()).isFalse();
        assertThat(plan("sum(x @ 1000)").pushdowns().get(0).cacheable()).isTrue();
        assertThat(plan("sum(x offset 1h)").pushdowns().get(0).cacheable()).isTrue();
    }

    @Test
    void rawSelectorsReadingTheSameShareASelection() {
        DistributedPlan plan = plan("absent_over_time(x[5m]) or absent_over_time(x[5m]) or absent_over_time(x[10m])");
        assertThat(plan.rawSelections()).hasSize(2);
        assertThat(plan.rawSelections().get(0).selectors()).hasSize(2);
        assertThat(plan.rawSelections().get(0).id()).isEqualTo(1);
        assertThat(plan.rawSelections().get(1).read().start()).isEqualTo(T0 + 8 * HOUR - 600_000);
    }

    @Test
    void pushdownsAreNumberedInQueryOrderAndFoundByNode() {
        DistributedPlan plan = plan("sum(a) / count(b) + c");
        assertThat(plan.pushdowns()).extracting(Pushdown::id).containsExactly(1, 2, 3);
        for (Pushdown p : plan.pushdowns()) {
            assertThat(plan.pushdownAt(p.node())).isSameAs(p);
        }
        assertThat(plan.gatewayExpression()).isEqualTo("pushdown_1 / pushdown_2 + pushdown_3");
    }
}
