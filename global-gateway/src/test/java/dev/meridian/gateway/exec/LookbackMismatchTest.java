package dev.meridian.gateway.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.parser.Parser;
import dev.meridian.promql.storage.memory.InMemoryStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A region whose lookback delta differs from the gateway's gets no pushdowns; its share is
 * evaluated by the gateway with the gateway's lookback, so answers stay those of one engine.
 */
class LookbackMismatchTest {
    private static final long MINUTE = 60_000;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    @Test
    void theGatewayEvaluatesTheRegionsShareWithItsOwnLookback() {
        EngineConfig gatewayConfig = EngineConfig.defaults();
        List<InMemoryRegion> regions = new ArrayList<>(EquivalenceData.regions(gatewayConfig));
        // A sparse series: with a 20m lookback it would be visible where 5m sees nothing.
        InMemoryRegion sparse = new InMemoryRegion("sa-east", Labels.EMPTY,
                EngineConfig.builder().lookbackDelta(Duration.ofMinutes(20)).build());
        sparse.load(w -> {
            for (long t = EquivalenceData.START; t < EquivalenceData.END; t += 15 * MINUTE) {
                w.add(Labels.of("__name__", "node_temperature_celsius", "job", "node", "instance", "sa-0:9100"), t,
                        t / 1e12);
            }
        });
        regions.add(sparse);
        Engine engine = new Engine(gatewayConfig);
        DistributedEngine gateway = new DistributedEngine(List.copyOf(regions), engine, executor);
        InMemoryStorage reference = ReferenceStorage.union(regions);

        for (String query : List.of("sum by (job) (node_temperature_celsius)", "count(node_temperature_celsius)",
                "stddev(node_temperature_celsius)", "node_temperature_celsius")) {
            Expr expr = Parser.parse(query);
            long start = EquivalenceData.START + 60 * MINUTE;
            long end = EquivalenceData.START + 110 * MINUTE;
            GatewayResult result = gateway.query(expr, start, end, MINUTE, QueryPolicy.abort(Duration.ofSeconds(30)));
            assertThat(ResultComparison.difference(expr,
                    engine.rangeQuery(reference, expr, start, end, MINUTE).execute().value(), result.value()))
                    .as(query).isNull();
            assertThat(result.plan().pushdowns().get(0).targets().gatewayEvaluated()).containsExactly("sa-east");
        }
        assertThat(sparse.queryCalls()).isZero();
        assertThat(sparse.storeCalls()).isPositive();
    }
}
