package dev.meridian.gateway.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.parser.Parser;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A query canceled from another thread (its HTTP client went away) stops its region calls and its evaluation. */
class QueryCancellationTest {
    private static final long MINUTE = 60_000;
    private static final long START = EquivalenceData.START + 70 * MINUTE;
    private static final long END = EquivalenceData.START + 100 * MINUTE;
    /** Long enough that a cancellation that did not work fails the test instead of waiting for it. */
    private static final QueryPolicy POLICY = QueryPolicy.warn(Duration.ofMinutes(2));

    /**
     * Global (it rewrites {@code region}), so the gateway reads raw series and evaluates it; a
     * quantile over a two-hour subquery at a one-second step is about 15 s of work on 2 cores.
     */
    private static final String GLOBAL_AND_SLOW =
            "quantile_over_time(0.5, label_replace(rate(http_requests_total[5m]), \"region\", \"all\", \"\", \"\")[2h:1s])";

    private ExecutorService executor;
    private ExecutorService caller;
    private List<InMemoryRegion> regions;
    private DistributedEngine gateway;

    @BeforeEach
    void setUp() {
        executor = Executors.newFixedThreadPool(2);
        caller = Executors.newSingleThreadExecutor();
        regions = EquivalenceData.regions(EngineConfig.defaults());
        gateway = new DistributedEngine(List.copyOf(regions), new Engine(EngineConfig.defaults()), executor);
    }

    @AfterEach
    void tearDown() {
        caller.shutdownNow();
        executor.shutdownNow();
    }

    @Test
    void cancelingWhileARegionIsAwaitedCancelsItsCallAndFailsTheQuery() throws Exception {
        InMemoryRegion us = regions.get(1);
        us.hang();
        QueryCancellation cancellation = new QueryCancellation();
        Future<GatewayResult> running = caller.submit(() -> gateway.query(Parser.parse("sum by (job) (up)"), START, END,
                MINUTE, POLICY, cancellation));
        awaitCalls(us);

        cancellation.cancel("the client went away");

        GatewayQueryException e = canceledWithin30Seconds(running);
        RegionCoverage coverage = e.coverage().of("us-east");
        assertThat(coverage.status()).isEqualTo(RegionStatus.CANCELED);
        assertThat(coverage.error()).isEqualTo("canceled: the client went away");
        assertThat(e.coverage().of("eu-west").status()).isEqualTo(RegionStatus.OK);
        assertThat(us.hungCalls()).isNotEmpty().allMatch(CompletableFuture::isCancelled);
    }

    @Test
    void aQueryCanceledBeforeItRunsCallsNoRegion() {
        QueryCancellation cancellation = new QueryCancellation();
        cancellation.cancel("the client went away");
        cancellation.cancel("a second reason is ignored");

        assertThatThrownBy(() -> gateway.query(Parser.parse("sum by (job) (up)"), START, END, MINUTE, POLICY,
                cancellation))
                .isInstanceOfSatisfying(GatewayQueryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(GatewayErrorKind.CANCELED);
                    assertThat(e.getMessage()).isEqualTo("query canceled: the client went away");
                });
        for (InMemoryRegion region : regions) {
            assertThat(region.queryCalls() + region.storeCalls()).as(region.name()).isZero();
        }
    }

    @Test
    void cancelingDuringTheGatewaysOwnEvaluationStopsIt() throws Exception {
        QueryCancellation cancellation = new QueryCancellation();
        Future<GatewayResult> running = caller.submit(() -> gateway.query(Parser.parse(GLOBAL_AND_SLOW), START, END, 1_000,
                POLICY, cancellation));
        for (InMemoryRegion region : regions) {
            awaitAnswer(region);
        }
        Thread.sleep(200);
        assertThat(running).as("the evaluation is still running when it is canceled").isNotDone();

        cancellation.cancel("the client went away");

        canceledWithin30Seconds(running);
    }

    /** The query's failure, which must come within 30 s and say the client went away. */
    private static GatewayQueryException canceledWithin30Seconds(Future<GatewayResult> running) throws Exception {
        try {
            running.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            assertThat(failed.getCause()).isInstanceOf(GatewayQueryException.class);
            GatewayQueryException e = (GatewayQueryException) failed.getCause();
            assertThat(e.kind()).isEqualTo(GatewayErrorKind.CANCELED);
            assertThat(e.getMessage()).isEqualTo("query canceled: the client went away");
            return e;
        }
        throw new AssertionError("the canceled query answered");
    }

    private static void awaitCalls(InMemoryRegion region) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (region.hungCalls().isEmpty()) {
            assertThat(System.nanoTime()).as("region " + region.name() + " was called").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void awaitAnswer(InMemoryRegion region) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (region.bytesSent() == 0) {
            assertThat(System.nanoTime()).as("region " + region.name() + " answered").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
