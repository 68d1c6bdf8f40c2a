package dev.meridian.gateway.plan;

import static dev.meridian.gateway.plan.TestRegions.plan;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PlanJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void explainShowsTheGatewayTreeWithPushdownsAndRawSelectors() throws Exception {
        DistributedPlan plan = plan(
                "sum by (job) (rate(x{region!=\"us-east\"}[5m])) / on (job) group_left absent_over_time(y[5m])");
        JsonNode root = JSON.readTree(plan.toJson());

        assertThat(root.get("query").asText()).isEqualTo(plan.expr().toString());
        assertThat(root.get("start").asLong()).isEqualTo(TestRegions.T0 + 8 * TestRegions.HOUR);
        assertThat(root.get("step").asLong()).isZero();
        assertThat(root.get("lookbackMs").asLong()).isEqualTo(300_000);
        assertThat(root.get("gateway").asText())
                .isEqualTo("pushdown_1 / on (job) group_left () absent_over_time(y[5m])");
        assertThat(root.get("pushdowns").asInt()).isEqualTo(1);
        assertThat(root.get("rawSelections").asInt()).isEqualTo(1);

        JsonNode tree = root.get("tree");
        assertThat(tree.get("type").asText()).isEqualTo("binary");
        assertThat(tree.get("locality").asText()).isEqualTo("global");
        JsonNode pushed = tree.get("children").get(0);
        assertThat(pushed.get("type").asText()).isEqualTo("aggregate");
        assertThat(pushed.has("children")).isFalse();
        JsonNode pushdown = pushed.get("pushdown");
        assertThat(pushdown.get("id").asInt()).isEqualTo(1);
        assertThat(pushdown.get("kind").asText()).isEqualTo("partial sum");
        assertThat(pushdown.get("merge").asText()).isEqualTo("sum");
        assertThat(pushdown.get("regionQueries").get(0).get("role").asText()).isEqualTo("sum");
        assertThat(pushdown.get("regionQueries").get(0).get("expr").asText())
                .isEqualTo("sum by (job) (rate(x{region!=\"us-east\"}[5m]))");
        assertThat(pushdown.get("regions")).extracting(JsonNode::asText).containsExactly("eu-west", "ap-south");
        assertThat(pushdown.get("gatewayEvaluated")).isEmpty();
        assertThat(pushdown.get("pruned").get(0).get("region").asText()).isEqualTo("us-east");
        assertThat(pushdown.get("pruned").get(0).get("reason").asText()).contains("does not match region!=\"us-east\"");
        assertThat(pushdown.get("cacheable").asBoolean()).isTrue();

        JsonNode absent = tree.get("children").get(1);
        assertThat(absent.get("type").asText()).isEqualTo("call");
        JsonNode selector = absent.get("children").get(0).get("children").get(0);
        assertThat(selector.get("type").asText()).isEqualTo("selector");
        assertThat(selector.get("raw").get("selection").asInt()).isEqualTo(1);
        assertThat(selector.get("raw").get("regions")).extracting(JsonNode::asText)
                .containsExactly("eu-west", "us-east", "ap-south");
        assertThat(selector.get("raw").get("end").asLong()).isEqualTo(TestRegions.T0 + 8 * TestRegions.HOUR);
    }

    @Test
    void constantQueriesHaveATreeOfConstants() throws Exception {
        JsonNode root = JSON.readTree(plan("1 + 2").toJson());
        assertThat(root.get("tree").get("locality").asText()).isEqualTo("constant");
        assertThat(root.get("tree").get("children")).extracting(n -> n.get("type").asText())
                .containsExactly("number", "number");
    }
}
