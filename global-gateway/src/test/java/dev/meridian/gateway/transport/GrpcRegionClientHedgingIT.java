package dev.meridian.gateway.transport;

import static dev.meridian.gateway.transport.TestCalls.await;
import static dev.meridian.gateway.transport.TestCalls.eventually;
import static dev.meridian.gateway.transport.TestCalls.failure;
import static dev.meridian.gateway.transport.TestCalls.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.gateway.region.QueryResult;
import dev.meridian.gateway.region.RegionException;
import dev.meridian.gateway.region.RegionException.Kind;
import dev.meridian.gateway.region.RegionQuery;
import dev.meridian.gateway.region.StoreQuery;
import dev.meridian.gateway.region.StoreResult;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.proto.region.SeriesPoints;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hedged requests and failover between two endpoints (servers a and b) of one region. */
class GrpcRegionClientHedgingIT {
    private static final RegionQuery QUERY = new RegionQuery("up", 1000, 1000, 0);

    private static FakeRegionServer a;
    private static FakeRegionServer b;
    private final List<GrpcRegionClient> clients = new ArrayList<>();

    @BeforeAll
    static void startServers() {
        a = new FakeRegionServer();
        b = new FakeRegionServer();
    }

    @AfterAll
    static void stopServers() {
        a.close();
        b.close();
    }

    @BeforeEach
    void cannedAnswers() {
        a.querySeries = List.of(series("a"));
        b.querySeries = List.of(series("b"));
    }

    @AfterEach
    void closeClients() {
        clients.forEach(GrpcRegionClient::close);
        a.reset();
        b.reset();
    }

    private static SeriesPoints series(String from) {
        return SeriesPoints.newBuilder().addLabels(FakeRegionServer.label("from", from))
                .addTimestamps(1000).addValues(1).build();
    }

    private GrpcRegionClient client(HedgePolicy hedge, FakeRegionServer... servers) {
        List<String> endpoints = new ArrayList<>();
        for (FakeRegionServer server : servers) {
            endpoints.add(server.endpoint());
        }
        GrpcRegionClient client = GrpcRegionClient.builder(
                RegionClientConfig.builder("eu", endpoints).hedge(hedge).build()).build();
        clients.add(client);
        return client;
    }

    private static String answeredBy(QueryResult result) {
        return result.series().get(0).labels().get("from");
    }

    @Test
    void slowFirstEndpointIsHedgedToTheSecondWhichAnswersAndTheFirstIsCancelled() throws Exception {
        a.hang = true;
        CompletableFuture<Void> releaseB = new CompletableFuture<>();
        b.gate = releaseB;
        GrpcRegionClient client = client(HedgePolicy.fixed(Duration.ofMillis(50)), a, b);

        CompletableFuture<QueryResult> call = client.query(QUERY, seconds(30));
        eventually(() -> a.calls.get() == 1 && b.calls.get() == 1);
        releaseB.complete(null);

        assertThat(answeredBy(await(call))).isEqualTo("b");
        eventually(() -> a.cancellations.get() == 1);
    }

    @Test
    void storeCallsAreHedgedToo() throws Exception {
        a.hang = true;
        CompletableFuture<Void> releaseB = new CompletableFuture<>();
        b.gate = releaseB;
        GrpcRegionClient client = client(HedgePolicy.fixed(Duration.ofMillis(50)), a, b);

        CompletableFuture<StoreResult> call = client.store(new StoreQuery(List.of(LabelMatcher.equal("job", "x")), 0, 10,
                SelectHints.ofRange(0, 10)), seconds(30));
        eventually(() -> a.calls.get() == 1 && b.calls.get() == 1);
        releaseB.complete(null);

        assertThat(await(call).series()).isEmpty();
        eventually(() -> a.cancellations.get() == 1);
    }

    @Test
    void percentileDelayFollowsRecentLatencies() throws Exception {
        // Until 10 latencies are known the delay is the maximum, a minute: far beyond the test's
        // wait. After 10 quick calls their p95 (at least 10ms) is what hedges the hung call.
        GrpcRegionClient client = client(HedgePolicy.percentile(0.95, 10, Duration.ofMillis(10), Duration.ofMinutes(1)),
                a, b);
        for (int i = 0; i < 10; i++) {
            await(client.query(QUERY, seconds(30)));
        }
        a.hang = true;
        CompletableFuture<Void> releaseB = new CompletableFuture<>();
        b.gate = releaseB;

        // The 11th call starts at a (the rotation alternates), which hangs: only a hedge answers.
        CompletableFuture<QueryResult> call = client.query(QUERY, seconds(30));
        eventually(() -> a.calls.get() == 6 && b.calls.get() == 6);
        releaseB.complete(null);

        assertThat(answeredBy(await(call))).isEqualTo("b");
        eventually(() -> a.cancellations.get() == 1);
    }

    @Test
    void singleEndpointIsNeverHedged() throws Exception {
        a.delay = Duration.ofMillis(200);
        GrpcRegionClient client = client(HedgePolicy.fixed(Duration.ofMillis(10)), a);

        QueryResult result = await(client.query(QUERY, seconds(30)));

        assertThat(answeredBy(result)).isEqualTo("a");
        assertThat(a.calls.get()).isEqualTo(1);
    }

    @Test
    void callsRotateOverTheEndpoints() throws Exception {
        GrpcRegionClient client = client(HedgePolicy.off(), a, b);

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(answeredBy(await(client.query(QUERY, seconds(30)))));
        }

        assertThat(answers).containsExactly("a", "b", "a", "b");
    }

    @Test
    void unavailableEndpointFailsOverAtOnceWithoutHedging() throws Exception {
        a.failWith(Status.UNAVAILABLE.withDescription("1 of 3 replicas answered"), "unavailable");
        GrpcRegionClient client = client(HedgePolicy.off(), a, b);

        QueryResult result = await(client.query(QUERY, seconds(30)));

        assertThat(answeredBy(result)).isEqualTo("b");
        assertThat(a.calls.get()).isEqualTo(1);
    }

    @Test
    void badRequestIsNotSentToAnotherEndpoint() {
        a.failWith(Status.INVALID_ARGUMENT.withDescription("unknown function foo()"), "bad_data");
        GrpcRegionClient client = client(HedgePolicy.fixed(Duration.ofSeconds(20)), a, b);

        RegionException e = failure(client.query(QUERY, seconds(30)));

        assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
        assertThat(b.calls.get()).isZero();
    }

    @Test
    void failureWhileTheHedgeIsRunningWaitsForTheHedge() throws Exception {
        CompletableFuture<Void> releaseA = new CompletableFuture<>();
        CompletableFuture<Void> releaseB = new CompletableFuture<>();
        a.gate = releaseA;
        a.failWith(Status.INTERNAL.withDescription("bug"), "internal");
        b.gate = releaseB;
        GrpcRegionClient client = client(HedgePolicy.fixed(Duration.ofMillis(20)), a, b);
        CompletableFuture<QueryResult> call = client.query(QUERY, seconds(30));
        eventually(() -> b.calls.get() == 1);

        releaseA.complete(null);
        eventually(() -> a.answered.get() == 1);
        releaseB.complete(null);

        assertThat(answeredBy(await(call))).isEqualTo("b");
    }

    @Test
    void whenBothEndpointsFailTheLastFailureCarriesTheOther() {
        a.failWith(Status.UNAVAILABLE.withDescription("a down"), "unavailable");
        b.failWith(Status.UNAVAILABLE.withDescription("b down"), "unavailable");
        GrpcRegionClient client = client(HedgePolicy.off(), a, b);

        RegionException e = failure(client.query(QUERY, seconds(30)));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("b down");
        assertThat(e.getSuppressed()).singleElement().satisfies(
                earlier -> assertThat(earlier.getMessage()).contains("a down"));
    }
}
