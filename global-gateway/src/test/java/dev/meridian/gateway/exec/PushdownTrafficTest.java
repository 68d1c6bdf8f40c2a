package dev.meridian.gateway.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.gateway.plan.DistributedPlanner;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.parser.Parser;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What pushdown saves: the same answer for far fewer bytes from the regions. */
class PushdownTrafficTest {
    private static final long MINUTE = 60_000;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    private record Run(GatewayResult result, long bytes, long queryCalls, long storeCalls) {}

    private Run run(DistributedPlanner planner, String query) {
        List<InMemoryRegion> regions = EquivalenceData.regions(EngineConfig.defaults());
        DistributedEngine gateway =
                new DistributedEngine(List.copyOf(regions), new Engine(EngineConfig.defaults()), executor, planner);
        GatewayResult result = gateway.query(Parser.parse(query), EquivalenceData.START + 60 * MINUTE,
                EquivalenceData.START + 120 * MINUTE, MINUTE, QueryPolicy.abort(Duration.ofSeconds(30)));
        return new Run(result, regions.stream().mapToLong(InMemoryRegion::bytesSent).sum(),
                regions.stream().mapToLong(InMemoryRegion::queryCalls).sum(),
                regions.stream().mapToLong(InMemoryRegion::storeCalls).sum());
    }

    @Test
    void aPartialSumMovesFarFewerBytesThanRawSeries() {
        String query = "sum by (job) (rate(http_requests_total[5m]))";
        Run pushed = run(DistributedPlanner.pushingDown(), query);
        Run raw = run(DistributedPlanner.rawOnly(), query);

        Expr expr = Parser.parse(query);
        assertThat(ResultComparison.difference(expr, raw.result().value(), pushed.result().value())).isNull();
        assertThat(pushed.queryCalls()).isEqualTo(3);
        assertThat(pushed.storeCalls()).isZero();
        assertThat(raw.queryCalls()).isZero();
        assertThat(raw.storeCalls()).isEqualTo(3);
        // Four jobs' sums against every sample of 90 counters.
        assertThat(pushed.bytes() * 50).isLessThan(raw.bytes());
        assertThat(pushed.result().coverage().regions()).allSatisfy(c -> assertThat(c.bytes()).isPositive());
        long coveredBytes = pushed.result().coverage().regions().stream().mapToLong(RegionCoverage::bytes).sum();
        assertThat(coveredBytes).isEqualTo(pushed.bytes());
    }
}
