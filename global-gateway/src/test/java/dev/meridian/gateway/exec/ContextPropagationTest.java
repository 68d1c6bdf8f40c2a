package dev.meridian.gateway.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.parser.Parser;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every region call runs in the caller's OpenTelemetry context, also those made from the executor. */
class ContextPropagationTest {
    private static final ContextKey<String> QUERY_ID = ContextKey.named("query-id");
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    @Test
    void regionCallsSeeTheCallersContext() {
        List<InMemoryRegion> regions = EquivalenceData.regions(EngineConfig.defaults());
        // A region with another lookback is evaluated at the gateway, on the executor, over store calls.
        InMemoryRegion otherLookback = new InMemoryRegion("sa-east", Labels.EMPTY,
                EngineConfig.builder().lookbackDelta(Duration.ofMinutes(10)).build());
        otherLookback.load(w -> w.add(Labels.of("__name__", "up", "job", "api"),
                EquivalenceData.START + 3_600_000, 1));
        List<InMemoryRegion> all = List.of(regions.get(0), regions.get(1), regions.get(2), otherLookback);
        DistributedEngine gateway =
                new DistributedEngine(List.copyOf(all), new Engine(EngineConfig.defaults()), executor);

        Runnable query = () -> gateway.query(
                Parser.parse("sum by (job) (up) + on (job) group_left absent_over_time(up[5m])"),
                EquivalenceData.START + 3_600_000, EquivalenceData.START + 3_600_000, 0,
                QueryPolicy.abort(Duration.ofSeconds(30)));
        Context.current().with(QUERY_ID, "q-42").wrap(query).run();

        assertThat(otherLookback.queryCalls()).isZero();
        assertThat(otherLookback.storeCalls()).isPositive();
        for (InMemoryRegion region : all) {
            assertThat(region.contexts()).as(region.name()).isNotEmpty()
                    .allSatisfy(c -> assertThat(c.get(QUERY_ID)).isEqualTo("q-42"));
        }
    }
}
