package dev.meridian.gateway.plan;

import static dev.meridian.gateway.plan.TestRegions.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.parser.Parser;
import org.junit.jupiter.api.Test;

class PushDownLargestSubtreesTest {
    @Test
    void theOutermostLocalNodeIsPushedNotItsChildren() {
        // before: rate, label_replace and abs could each run in the regions; after: abs(...) is pushed whole.
        DistributedPlan plan = plan("abs(label_replace(rate(x[5m]), \"dc\", \"$1\", \"region\", \"(.*)\"))");
        assertThat(plan.pushdowns()).hasSize(1);
        assertThat(plan.pushdowns().get(0).node()).isSameAs(plan.expr());
        assertThat(plan.gatewayExpression()).isEqualTo("pushdown_1");
    }

    @Test
    void globalNodesStayAtTheGatewayAndTheirLargestPushableChildrenArePushed() {
        DistributedPlan plan = plan(
                "sort_desc(sum by (job) (rate(x[5m])) / on (job) group_left count by (job) (up))");
        assertThat(plan.gatewayExpression()).isEqualTo("sort_desc(pushdown_1 / on (job) group_left () pushdown_2)");
        assertThat(plan.pushdowns()).extracting(Pushdown::kind).containsExactly("partial sum", "partial count");
        assertThat(plan.rawSelections()).isEmpty();
    }

    @Test
    void selectorsInsideGlobalSubqueriesAndUnderGlobalRangeFunctionsReadRaw() {
        DistributedPlan plan = plan("absent_over_time(x[5m]) or max_over_time(sum(y)[10m:1m]) or z");
        assertThat(plan.gatewayExpression())
                .isEqualTo("absent_over_time(x[5m]) or max_over_time(sum(y)[10m:1m]) or pushdown_1");
        assertThat(plan.rawSelections()).extracting(r -> r.selectors().get(0).toString()).containsExactly("x", "y");
    }

    @Test
    void constantsAreNotPushed() {
        DistributedPlan plan = plan("1 + time()");
        assertThat(plan.pushdowns()).isEmpty();
        assertThat(plan.rawSelections()).isEmpty();
    }

    @Test
    void withoutPushdownEverySelectorReadsRaw() {
        Expr expr = Parser.parse("sum(rate(x[5m])) + y");
        PushDownLargestSubtrees.Split split = PushDownLargestSubtrees.none(expr);
        assertThat(split.pushed()).isEmpty();
        assertThat(split.raw()).extracting(Expr::toString).containsExactly("x", "y");
    }
}
