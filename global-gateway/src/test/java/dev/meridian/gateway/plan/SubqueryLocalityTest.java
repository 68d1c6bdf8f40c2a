package dev.meridian.gateway.plan;

import static dev.meridian.gateway.plan.TestRegions.classify;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.ast.Call;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.parser.Parser;
import org.junit.jupiter.api.Test;

class SubqueryLocalityTest {
    private static Locality subqueryLocality(String query) {
        Call call = (Call) Parser.parse(query);
        Expr subquery = call.args().get(call.args().size() - 1);
        return classify(call).of(subquery);
    }

    @Test
    void aSubqueryOfALocalExpressionIsLocal() {
        assertThat(subqueryLocality("max_over_time(rate(x[5m])[1h:1m])")).isEqualTo(Locality.LOCAL);
        assertThat(subqueryLocality("max_over_time(x[1h:] offset 5m)")).isEqualTo(Locality.LOCAL);
    }

    @Test
    void aSubqueryOfAGlobalExpressionIsGlobal() {
        assertThat(subqueryLocality("max_over_time(sum(x)[1h:1m])")).isEqualTo(Locality.GLOBAL);
        assertThat(subqueryLocality("max_over_time(vector(1)[1h:1m])")).isEqualTo(Locality.GLOBAL);
    }

    @Test
    void nothingInsideAGlobalSubqueryIsPushed() {
        DistributedPlan plan = TestRegions.plan("max_over_time(sum by (job) (rate(x[5m]))[1h:1m])");
        assertThat(plan.pushdowns()).isEmpty();
        assertThat(plan.rawSelections()).hasSize(1);
        assertThat(plan.rawSelections().get(0).selectors().get(0)).hasToString("x");
    }
}
