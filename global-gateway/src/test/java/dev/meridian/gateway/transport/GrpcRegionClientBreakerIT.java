package dev.meridian.gateway.transport;

import static dev.meridian.gateway.transport.TestCalls.await;
import static dev.meridian.gateway.transport.TestCalls.failure;
import static dev.meridian.gateway.transport.TestCalls.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.circuitbreaker.CircuitState;
import dev.meridian.gateway.region.RegionException;
import dev.meridian.gateway.region.RegionException.Kind;
import dev.meridian.gateway.region.RegionQuery;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The region's circuit breaker. Its counts are recomputed every millisecond here and the tests
 * pause a few milliseconds between calls, so each failure is counted soon after it happens.
 */
class GrpcRegionClientBreakerIT {
    private static final RegionQuery QUERY = new RegionQuery("up", 1000, 1000, 0);
    private static final int MAX_CALLS = 200;

    private static FakeRegionServer server;
    private GrpcRegionClient client;

    @BeforeAll
    static void startServer() {
        server = new FakeRegionServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
        server.reset();
    }

    private GrpcRegionClient client(Duration openWindow) {
        BreakerConfig breaker = new BreakerConfig(0.5, 3, openWindow, openWindow, Duration.ofSeconds(30), Duration.ofMillis(1));
        client = GrpcRegionClient.builder(RegionClientConfig.builder("eu", List.of(server.endpoint()))
                .hedge(HedgePolicy.off()).breaker(breaker).build()).build();
        return client;
    }

    /** Calls until the breaker refuses a call; returns the failures' kinds until then. */
    private RegionException callUntilOpen() throws InterruptedException {
        for (int i = 0; i < MAX_CALLS; i++) {
            RegionException e = failure(client.query(QUERY, seconds(10)));
            if (e.kind() == Kind.CIRCUIT_OPEN) {
                return e;
            }
            Thread.sleep(2);
        }
        throw new AssertionError("the breaker did not open after " + MAX_CALLS + " failed calls");
    }

    @Test
    void regionFaultsOpenTheBreakerAndThenCallsFailWithoutReachingTheRegion() throws Exception {
        server.failWith(Status.UNAVAILABLE.withDescription("0 of 3 replicas answered"), "unavailable");
        client(Duration.ofMinutes(10));

        RegionException open = callUntilOpen();

        assertThat(open.region()).isEqualTo("eu");
        assertThat(open.kind().isRegionFault()).isTrue();
        assertThat(client.circuitState()).isEqualTo(CircuitState.OPEN);
        int reached = server.calls.get();
        assertThat(reached).isGreaterThanOrEqualTo(3);
        for (int i = 0; i < 5; i++) {
            assertThat(failure(client.query(QUERY, seconds(10))).kind()).isEqualTo(Kind.CIRCUIT_OPEN);
        }
        assertThat(server.calls.get()).isEqualTo(reached);
    }

    @Test
    void timeoutsCountAsRegionFaults() throws Exception {
        server.hang = true;
        client(Duration.ofMinutes(10));

        for (int i = 0; i < MAX_CALLS && client.circuitState() == CircuitState.CLOSED; i++) {
            RegionException e = failure(client.query(QUERY, new dev.meridian.gateway.region.CallOptions(
                    System.nanoTime() + Duration.ofMillis(5).toNanos(), true)));
            assertThat(e.kind()).isIn(Kind.TIMEOUT, Kind.CIRCUIT_OPEN);
            Thread.sleep(2);
        }

        assertThat(client.circuitState()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void limitsAndBadRequestsDoNotOpenTheBreaker() throws Exception {
        client(Duration.ofMinutes(10));
        int calls = 60;
        for (int i = 0; i < calls; i++) {
            if (i % 2 == 0) {
                server.failWith(Status.RESOURCE_EXHAUSTED.withDescription("max_series 10 exceeded"), "execution");
            } else {
                server.failWith(Status.INVALID_ARGUMENT.withDescription("bad expression"), "bad_data");
            }
            RegionException e = failure(client.query(QUERY, seconds(10)));
            assertThat(e.kind()).isIn(Kind.LIMIT, Kind.BAD_REQUEST);
            Thread.sleep(2);
        }

        assertThat(client.circuitState()).isEqualTo(CircuitState.CLOSED);
        assertThat(server.calls.get()).isEqualTo(calls);
    }

    @Test
    void aSuccessfulTrialAfterTheOpenWindowClosesTheBreaker() throws Exception {
        server.failWith(Status.UNAVAILABLE.withDescription("down"), "unavailable");
        client(Duration.ofMillis(50));
        callUntilOpen();
        server.succeed();

        // Calls fail fast until the open window has passed; then a trial reaches the region.
        boolean answered = false;
        for (int i = 0; i < MAX_CALLS && !answered; i++) {
            try {
                await(client.query(QUERY, seconds(10)));
                answered = true;
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(((RegionException) e.getCause()).kind()).isEqualTo(Kind.CIRCUIT_OPEN);
                Thread.sleep(5);
            }
        }

        assertThat(answered).isTrue();
        assertThat(client.circuitState()).isEqualTo(CircuitState.CLOSED);
    }
}
