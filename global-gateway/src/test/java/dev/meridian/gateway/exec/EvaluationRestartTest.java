package dev.meridian.gateway.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.gateway.plan.ClassifyLocality;
import dev.meridian.gateway.plan.DistributedPlan;
import dev.meridian.gateway.plan.DistributedPlanner;
import dev.meridian.gateway.plan.QueryRange;
import dev.meridian.gateway.region.RegionClient;
import dev.meridian.gateway.region.RegionException;
import dev.meridian.gateway.region.RegionInfo;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.parser.Parser;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Selections the plan did not fetch ahead are fetched while the engine runs; a region failing
 * such a call makes the evaluation start over without that region, pushdowns included.
 */
class EvaluationRestartTest {
    private static final long MINUTE = 60_000;
    private static final long START = EquivalenceData.START + 70 * MINUTE;
    private static final long END = EquivalenceData.START + 100 * MINUTE;
    private static final String QUERY =
            "sum by (job) (rate(http_requests_total[5m])) / on (job) group_left max_over_time(sum by (job) (up)[10m:1m])";

    private final Engine engine = new Engine(EngineConfig.defaults());
    private ExecutorService executor;
    private List<InMemoryRegion> regions;
    private Map<String, RegionClient> clients;
    private List<RegionInfo> infos;

    @BeforeEach
    void setUp() {
        executor = Executors.newFixedThreadPool(2);
        regions = EquivalenceData.regions(EngineConfig.defaults());
        clients = new LinkedHashMap<>();
        regions.forEach(r -> clients.put(r.name(), r));
        infos = regions.stream().map(InMemoryRegion::info).toList();
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    /** The planner's plan without its raw selections: the engine's selects all go to the regions live. */
    private DistributedPlan planWithoutPrefetch(Expr expr) {
        QueryRange range = new QueryRange(START, END, MINUTE);
        DistributedPlan planned = DistributedPlanner.pushingDown().plan(expr, range, infos, engine.config());
        assertThat(planned.rawSelections()).isNotEmpty();
        return new DistributedPlan(expr, range, planned.lookbackMillis(), planned.regions(),
                new ClassifyLocality(Set.of("region", "provider")).classify(expr), planned.pushdowns(), List.of());
    }

    private GatewayResult run(Expr expr, QueryPolicy policy) {
        return run(expr, policy, new QueryCancellation());
    }

    private GatewayResult run(Expr expr, QueryPolicy policy, QueryCancellation cancellation) {
        return new DistributedQuery(clients, infos, engine, executor, planWithoutPrefetch(expr), policy, cancellation).run();
    }

    @Test
    void selectionsNotFetchedAheadAreFetchedDuringEvaluation() {
        Expr expr = Parser.parse(QUERY);
        GatewayResult result = run(expr, QueryPolicy.abort(Duration.ofSeconds(30)));
        assertThat(ResultComparison.difference(expr,
                engine.rangeQuery(ReferenceStorage.union(regions), expr, START, END, MINUTE).execute().value(),
                result.value())).isNull();
        assertThat(regions).allSatisfy(r -> assertThat(r.storeCalls()).isPositive());
    }

    @Test
    void aRegionFailingDuringEvaluationIsLeftOutOfEverything() {
        Expr expr = Parser.parse(QUERY);
        InMemoryRegion us = regions.get(1);
        us.failStoresWith(RegionException.Kind.UNAVAILABLE);
        GatewayResult result = run(expr, QueryPolicy.warn(Duration.ofSeconds(30)));

        List<InMemoryRegion> others = List.of(regions.get(0), regions.get(2));
        assertThat(ResultComparison.difference(expr,
                engine.rangeQuery(ReferenceStorage.union(others), expr, START, END, MINUTE).execute().value(),
                result.value())).isNull();
        assertThat(us.queryCalls()).isPositive();
        assertThat(result.warnings()).containsExactly("region us-east: injected store unavailable (partial response)");
        assertThat(result.coverage().of("us-east").status()).isEqualTo(RegionStatus.UNAVAILABLE);
    }

    @Test
    void underAbortItFailsTheQuery() {
        regions.get(2).failStoresWith(RegionException.Kind.TIMEOUT);
        assertThatThrownBy(() -> run(Parser.parse(QUERY), QueryPolicy.abort(Duration.ofSeconds(30))))
                .isInstanceOfSatisfying(GatewayQueryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(GatewayErrorKind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("region ap-south: injected store timeout");
                });
    }

    @Test
    void cancelingWhileTheEvaluationWaitsForARegionCancelsTheCall() throws Exception {
        InMemoryRegion us = regions.get(1);
        us.hangStores();
        QueryCancellation cancellation = new QueryCancellation();
        CompletableFuture<GatewayResult> running = CompletableFuture.supplyAsync(
                () -> run(Parser.parse(QUERY), QueryPolicy.warn(Duration.ofMinutes(2)), cancellation));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (us.hungCalls().isEmpty()) {
            assertThat(System.nanoTime()).as("the evaluation asked us-east for raw series").isLessThan(deadline);
            Thread.sleep(5);
        }

        cancellation.cancel("the client went away");

        assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(GatewayQueryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(GatewayErrorKind.CANCELED);
                    assertThat(e.coverage().of("us-east").error()).isEqualTo("canceled: the client went away");
                });
        assertThat(us.hungCalls()).allMatch(CompletableFuture::isCancelled);
    }
}
