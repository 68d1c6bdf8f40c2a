package dev.meridian.gateway.plan;

import static dev.meridian.gateway.plan.TestRegions.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.ast.AggregateExpr;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.parser.Parser;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushDownAggregationTest {
    private static List<RegionPart> partsOf(String query) {
        DistributedPlan plan = plan(query);
        assertThat(plan.pushdowns()).as(query).hasSize(1);
        return plan.pushdowns().get(0).parts();
    }

    @Test
    void sumIsPushedAsAPartialSumInsteadOfReadingRawSeries() {
        // before: every region sends its raw x; after: every region sends one sum per job.
        DistributedPlan before = DistributedPlanner.rawOnly().plan(Parser.parse(
                "sum by (job) (rate(x[5m]))"), QueryRange.instant(TestRegions.T0 + 8 * TestRegions.HOUR),
                TestRegions.ALL, EngineConfig.defaults());
        assertThat(before.pushdowns()).isEmpty();
        assertThat(before.gatewayExpression()).isEqualTo("sum by (job) (rate(x[5m]))");

        DistributedPlan after = plan("sum by (job) (rate(x[5m]))");
        Pushdown p = after.pushdowns().get(0);
        assertThat(p.kind()).isEqualTo("partial sum");
        assertThat(p.merge()).isEqualTo(Merge.SUM);
        assertThat(p.parts()).containsExactly(new RegionPart("sum", "sum by (job) (rate(x[5m]))"));
        assertThat(after.gatewayExpression()).isEqualTo("pushdown_1");
        assertThat(after.rawSelections()).isEmpty();
    }

    @Test
    void everyPartialHasItsMerge() {
        assertThat(plan("count without (region) (x)").pushdowns().get(0).merge()).isEqualTo(Merge.SUM);
        assertThat(plan("min(x)").pushdowns().get(0).merge()).isEqualTo(Merge.MIN);
        assertThat(plan("max by (job) (x)").pushdowns().get(0).merge()).isEqualTo(Merge.MAX);
        assertThat(plan("group(x)").pushdowns().get(0).merge()).isEqualTo(Merge.GROUP);
        assertThat(plan("count_values(\"v\", x)").pushdowns().get(0).merge()).isEqualTo(Merge.SUM);
        assertThat(plan("count_values by (region) (\"region\", x)").pushdowns().get(0).merge()).isEqualTo(Merge.SUM);
    }

    @Test
    void avgIsPushedAsSumAndCount() {
        assertThat(partsOf("avg by (job) (x)")).containsExactly(
                new RegionPart("sum", "sum by (job) (x)"), new RegionPart("count", "count by (job) (x)"));
        assertThat(plan("avg by (job) (x)").pushdowns().get(0).merge()).isEqualTo(Merge.AVG);
    }

    @Test
    void stddevAndStdvarArePushedAsCountAvgAndStdvar() {
        List<RegionPart> expected = List.of(new RegionPart("count", "count without (region) (x)"),
                new RegionPart("avg", "avg without (region) (x)"), new RegionPart("stdvar", "stdvar without (region) (x)"));
        assertThat(partsOf("stddev without (region) (x)")).isEqualTo(expected);
        assertThat(partsOf("stdvar without (region) (x)")).isEqualTo(expected);
        assertThat(plan("stddev without (region) (x)").pushdowns().get(0).merge()).isEqualTo(Merge.STDDEV);
        assertThat(plan("stdvar without (region) (x)").pushdowns().get(0).merge()).isEqualTo(Merge.STDVAR);
    }

    @Test
    void topkIsPushedAndTheGatewaySelectsAgainOverTheUnion() {
        DistributedPlan plan = plan("topk by (job) (3, rate(x[5m]))");
        Pushdown p = plan.pushdowns().get(0);
        assertThat(p.kind()).isEqualTo("partial topk");
        assertThat(p.parts()).containsExactly(new RegionPart("topk", "topk by (job) (3, rate(x[5m]))"));
        assertThat(p.merge()).isEqualTo(Merge.UNION);
        assertThat(p.substitutes()).isSameAs(((AggregateExpr) plan.expr()).expr());
        assertThat(plan.gatewayExpression()).isEqualTo("topk by (job) (3, pushdown_1)");
        assertThat(plan("bottomk(1, x)").gatewayExpression()).isEqualTo("bottomk(1, pushdown_1)");
    }

    @Test
    void quantileHasNoPartialItsOperandIsPushedAsAUnion() {
        DistributedPlan plan = plan("quantile by (job) (0.9, rate(x[5m]))");
        assertThat(plan.pushdowns()).hasSize(1);
        assertThat(plan.pushdowns().get(0).kind()).isEqualTo("union");
        assertThat(plan.pushdowns().get(0).parts().get(0).promql()).isEqualTo("rate(x[5m])");
        assertThat(plan.gatewayExpression()).isEqualTo("quantile by (job) (0.9, pushdown_1)");
    }

    @Test
    void noPartialWithoutALocalOperandOrAConstantParameter() {
        AggregateExpr overGlobal = (AggregateExpr) Parser.parse("sum(sort(x))");
        assertThat(PushDownAggregation.partial(overGlobal, TestRegions.classify(overGlobal))).isEmpty();
        AggregateExpr dynamicK = (AggregateExpr) Parser.parse("topk(scalar(y), x)");
        assertThat(PushDownAggregation.partial(dynamicK, TestRegions.classify(dynamicK))).isEmpty();
        AggregateExpr local = (AggregateExpr) Parser.parse("sum by (region) (x)");
        assertThat(PushDownAggregation.partial(local, TestRegions.classify(local))).isEmpty();
    }
}
