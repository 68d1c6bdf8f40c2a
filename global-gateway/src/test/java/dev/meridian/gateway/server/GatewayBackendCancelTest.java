package dev.meridian.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.api.Answer;
import dev.meridian.api.ApiErrorType;
import dev.meridian.api.ApiException;
import dev.meridian.api.ApiLimits;
import dev.meridian.api.FormParams;
import dev.meridian.api.PreparedQuery;
import dev.meridian.api.QueryOutcome;
import dev.meridian.api.QueryRequest;
import dev.meridian.gateway.exec.InMemoryRegion;
import dev.meridian.gateway.exec.PartialResponse;
import dev.meridian.gateway.server.GatewayBackend.GatewayDefaults;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.parser.Parser;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PreparedQuery#cancel()}, which the HTTP API calls when the client goes away
 * (PrometheusApiBackendIT), stops the gateway's query and cancels its region calls.
 */
class GatewayBackendCancelTest {
    private static final long T = 1_700_000_000_000L;

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    @Test
    void cancelingThePreparedQueryCancelsTheRegionCallsItWaitsFor() throws Exception {
        InMemoryRegion eu = new InMemoryRegion("eu-west").load(w -> w.add(Labels.of("__name__", "up"), T, 1));
        InMemoryRegion us = new InMemoryRegion("us-east").load(w -> w.add(Labels.of("__name__", "up"), T, 1));
        us.hang();
        GatewayBackend backend = new GatewayBackend(List.of(eu, us), new Engine(EngineConfig.defaults()), ApiLimits.DEFAULT,
                new GatewayDefaults(PartialResponse.WARN, 0, Duration.ofMinutes(2)), executor,
                OpenTelemetry.noop().getTracer("test"));
        PreparedQuery query = backend.query(new QueryRequest(Parser.parse("sum(up)"), T, T, 0,
                TimeUnit.MINUTES.toNanos(2), FormParams.of("", null)));
        Future<Answer<QueryOutcome>> running = executor.submit(query::execute);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (us.hungCalls().isEmpty()) {
            assertThat(System.nanoTime()).as("us-east was called").isLessThan(deadline);
            Thread.sleep(5);
        }

        query.cancel();

        assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.type()).isEqualTo(ApiErrorType.CANCELED);
                    assertThat(e.getMessage()).isEqualTo("query canceled: the client went away");
                });
        assertThat(us.hungCalls()).isNotEmpty().allMatch(CompletableFuture::isCancelled);
    }
}
