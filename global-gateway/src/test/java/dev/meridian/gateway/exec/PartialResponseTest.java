package dev.meridian.gateway.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.gateway.region.RegionException;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.parser.Parser;
import dev.meridian.promql.storage.memory.InMemoryStorage;
import dev.meridian.promql.value.Value;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failed, hung and down regions under partial_response=warn, =abort and a minimum of regions,
 * and failures that are not the region's fault.
 */
class PartialResponseTest {
    private static final long MINUTE = 60_000;
    private static final long START = EquivalenceData.START + 70 * MINUTE;
    private static final long END = EquivalenceData.START + 100 * MINUTE;
    /** Pushdowns (a partial sum, a union) and a raw selection (inside a global subquery) in one query. */
    private static final String QUERY = "sum by (job) (rate(http_requests_total[5m])) / on (job) group_left "
            + "max_over_time(sum by (job) (up)[10m:1m]) - on (job) quantile by (job) (0.5, rate(http_requests_total[5m]))";

    private final Engine engine = new Engine(EngineConfig.defaults());
    private ExecutorService executor;
    private List<InMemoryRegion> regions;
    private InMemoryRegion eu;
    private InMemoryRegion us;
    private InMemoryRegion ap;
    private DistributedEngine gateway;

    @BeforeEach
    void setUp() {
        executor = Executors.newFixedThreadPool(2);
        regions = EquivalenceData.regions(EngineConfig.defaults());
        eu = regions.get(0);
        us = regions.get(1);
        ap = regions.get(2);
        gateway = new DistributedEngine(List.copyOf(regions), engine, executor);
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    private Value reference(List<InMemoryRegion> answering, Expr expr) {
        InMemoryStorage storage = ReferenceStorage.union(answering);
        return engine.rangeQuery(storage, expr, START, END, MINUTE).execute().value();
    }

    private void assertAnsweredWithout(InMemoryRegion failed, GatewayResult result, Expr expr) {
        List<InMemoryRegion> others = regions.stream().filter(r -> r != failed).toList();
        assertThat(ResultComparison.difference(expr, reference(others, expr), result.value())).isNull();
        // ... and not what all regions together would have answered.
        assertThat(ResultComparison.difference(expr, reference(regions, expr), result.value())).isNotNull();
    }

    @Test
    void aFailingRegionUnderWarnIsLeftOutWithAWarningAndItsCoverage() {
        Expr expr = Parser.parse(QUERY);
        us.failWith(RegionException.Kind.INTERNAL);
        GatewayResult result = gateway.query(expr, START, END, MINUTE, QueryPolicy.warn(Duration.ofSeconds(10)));

        assertAnsweredWithout(us, result, expr);
        assertThat(result.warnings()).contains("region us-east: injected internal (partial response)");
        RegionCoverage coverage = result.coverage().of("us-east");
        assertThat(coverage.status()).isEqualTo(RegionStatus.ERROR);
        assertThat(coverage.error()).isEqualTo("injected internal");
        assertThat(result.coverage().of("eu-west").status()).isEqualTo(RegionStatus.OK);
        assertThat(result.coverage().of("eu-west").series()).isPositive();
        assertThat(result.coverage().of("eu-west").samples()).isPositive();
        assertThat(result.coverage().of("eu-west").bytes()).isPositive();
    }

    @Test
    void aHungRegionTimesOutAtTheDeadlineAndItsCallsAreCanceled() {
        Expr expr = Parser.parse(QUERY);
        // Once with every region healthy, so the others answer well within the short deadline below.
        assertThat(gateway.query(expr, START, END, MINUTE, QueryPolicy.warn(Duration.ofSeconds(30))).warnings())
                .isEmpty();
        us.hang();
        GatewayResult result = gateway.query(expr, START, END, MINUTE, QueryPolicy.warn(Duration.ofSeconds(1)));

        assertAnsweredWithout(us, result, expr);
        assertThat(result.warnings()).containsExactly("region us-east: timeout after 1s (partial response)");
        assertThat(result.coverage().of("us-east").status()).isEqualTo(RegionStatus.TIMEOUT);
        assertThat(us.hungCalls()).isNotEmpty().allMatch(CompletableFuture::isCancelled);
    }

    @Test
    void aDownRegionUnderWarnIsReportedUnavailable() {
        Expr expr = Parser.parse(QUERY);
        ap.failWith(RegionException.Kind.UNAVAILABLE);
        GatewayResult result = gateway.query(expr, START, END, MINUTE, QueryPolicy.warn(Duration.ofSeconds(10)));

        assertAnsweredWithout(ap, result, expr);
        assertThat(result.warnings()).contains("region ap-south: injected unavailable (partial response)");
        assertThat(result.coverage().of("ap-south").status()).isEqualTo(RegionStatus.UNAVAILABLE);
        assertThat(result.coverage().toJson()).contains(
                "{\"region\":\"ap-south\",\"status\":\"unavailable\"", "\"error\":\"injected unavailable\"");
    }

    @Test
    void anOpenCircuitIsReportedAsSuch() {
        us.failWith(RegionException.Kind.CIRCUIT_OPEN);
        GatewayResult result = gateway.query(Parser.parse("sum(up)"), START, END, MINUTE,
                QueryPolicy.warn(Duration.ofSeconds(10)));
        assertThat(result.coverage().of("us-east").status()).isEqualTo(RegionStatus.CIRCUIT_OPEN);
    }

    @Test
    void underAbortAFailedRegionFailsTheQueryNamingIt() {
        us.failWith(RegionException.Kind.UNAVAILABLE);
        assertThatThrownBy(() -> gateway.query(Parser.parse(QUERY), START, END, MINUTE,
                QueryPolicy.abort(Duration.ofSeconds(10))))
                .isInstanceOfSatisfying(GatewayQueryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(GatewayErrorKind.UNAVAILABLE);
                    assertThat(e.kind().errorType()).isEqualTo("unavailable");
                    assertThat(e.getMessage()).contains("region us-east: injected unavailable")
                            .contains("partial_response=abort");
                    assertThat(e.coverage().of("us-east").status()).isEqualTo(RegionStatus.UNAVAILABLE);
                });
    }

    @Test
    void underAbortAHungRegionFailsTheQueryAtTheDeadline() {
        // Once with every region healthy, so the others answer well within the short deadline below.
        gateway.query(Parser.parse(QUERY), START, END, MINUTE, QueryPolicy.abort(Duration.ofSeconds(30)));
        us.hang();
        assertThatThrownBy(() -> gateway.query(Parser.parse(QUERY), START, END, MINUTE,
                QueryPolicy.abort(Duration.ofMillis(300))))
                .isInstanceOfSatisfying(GatewayQueryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(GatewayErrorKind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("region us-east: timeout after 300ms");
                });
        assertThat(us.hungCalls()).allMatch(CompletableFuture::isCancelled);
    }

    @Test
    void aMinimumOfRegionsCountsPrunedRegionsAsAnswered() {
        us.failWith(RegionException.Kind.UNAVAILABLE);
        Expr all = Parser.parse("sum(up)");
        // Two of three answered.
        assertThat(gateway.query(all, START, END, MINUTE, QueryPolicy.warn(Duration.ofSeconds(10)).withMinRegions(2))
                .warnings()).hasSize(1);
        assertThatThrownBy(() -> gateway.query(all, START, END, MINUTE,
                QueryPolicy.warn(Duration.ofSeconds(10)).withMinRegions(3)))
                .isInstanceOfSatisfying(GatewayQueryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(GatewayErrorKind.UNAVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("at least 3 of 3 regions must answer, but 1 failed: "
                            + "region us-east: injected unavailable");
                });
        // us-east is pruned, so it does not fail, and all three count.
        GatewayResult pruned = gateway.query(Parser.parse("sum(up{region=\"eu-west\"})"), START, END, MINUTE,
                QueryPolicy.warn(Duration.ofSeconds(10)).withMinRegions(3));
        assertThat(pruned.warnings()).isEmpty();
        assertThat(pruned.coverage().of("us-east").status()).isEqualTo(RegionStatus.SKIPPED);
        assertThat(pruned.coverage().of("us-east").reason()).startsWith("pruned: external label region=\"us-east\"");
        assertThat(us.queryCalls()).isEqualTo(2);
    }

    @Test
    void aLimitInOneRegionFailsTheQueryEvenUnderWarn() {
        ap.failWith(RegionException.Kind.LIMIT);
        us.hang();
        assertThatThrownBy(() -> gateway.query(Parser.parse(QUERY), START, END, MINUTE,
                QueryPolicy.warn(Duration.ofSeconds(30))))
                .isInstanceOfSatisfying(GatewayQueryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(GatewayErrorKind.EXECUTION);
                    assertThat(e.getMessage()).isEqualTo("region ap-south: the query hit max_samples (50000000)");
                    // The query did not wait for the hung region: its calls were canceled, not timed out.
                    assertThat(e.coverage().of("us-east").status()).isEqualTo(RegionStatus.CANCELED);
                });
        assertThat(us.hungCalls()).isNotEmpty().allMatch(CompletableFuture::isCancelled);
    }

    @Test
    void aBadQueryInARegionIsBadData() {
        us.failWith(RegionException.Kind.BAD_REQUEST);
        assertThatThrownBy(() -> gateway.query(Parser.parse("sum(up)"), START, END, MINUTE,
                QueryPolicy.warn(Duration.ofSeconds(10))))
                .isInstanceOfSatisfying(GatewayQueryException.class,
                        e -> assertThat(e.kind()).isEqualTo(GatewayErrorKind.BAD_DATA));
    }

    @Test
    void aSlowRegionWithinTheDeadlineIsWaitedFor() {
        Expr expr = Parser.parse(QUERY);
        us.slow(Duration.ofMillis(100));
        GatewayResult result = gateway.query(expr, START, END, MINUTE, QueryPolicy.abort(Duration.ofSeconds(30)));
        assertThat(ResultComparison.difference(expr, reference(regions, expr), result.value())).isNull();
        assertThat(result.warnings()).isEmpty();
        assertThat(result.coverage().failed()).isEmpty();
    }
}
