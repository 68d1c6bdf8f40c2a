package dev.meridian.gateway.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.parser.Parser;
import org.junit.jupiter.api.Test;

class PinSubqueryStepsTest {
    @Test
    void subqueriesWithoutAStepGetTheGatewaysDefault() {
        Expr before = Parser.parse("max_over_time(rate(x[5m])[1h:]) + max_over_time(min_over_time(y[10m:])[1h:30s] offset 5m)");
        Expr after = PinSubquerySteps.apply(before, 60_000);
        assertThat(after).hasToString(
                "max_over_time(rate(x[5m])[1h:1m]) + max_over_time(min_over_time(y[10m:1m])[1h:30s] offset 5m)");
        assertThat(Parser.parse(after.toString())).hasToString(after.toString());
    }

    @Test
    void expressionsWithoutSuchSubqueriesAreReturnedAsTheyAre() {
        Expr expr = Parser.parse("sum(rate(x[5m])) / max_over_time(y[1h:1m])");
        assertThat(PinSubquerySteps.apply(expr, 60_000)).isSameAs(expr);
    }

    @Test
    void theStepMustBePositive() {
        assertThatThrownBy(() -> PinSubquerySteps.apply(Parser.parse("x"), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got: 0");
    }

    @Test
    void thePlanSendsPinnedStepsToTheRegions() {
        DistributedPlan plan = TestRegions.plan("max_over_time(x[1h:])");
        assertThat(plan.pushdowns().get(0).parts().get(0).promql()).isEqualTo("max_over_time(x[1h:1m])");
    }
}
