package dev.meridian.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.gateway.region.CallOptions;
import dev.meridian.gateway.region.RegionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Test-only: waiting on region calls. The bounds only stop a broken test from hanging. */
final class TestCalls {
    static final Duration WAIT = Duration.ofSeconds(10);

    private TestCalls() {}

    static CallOptions seconds(long seconds) {
        return CallOptions.within(TimeUnit.SECONDS.toNanos(seconds), true);
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    static RegionException failure(CompletableFuture<?> future) {
        try {
            future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(RegionException.class);
            return (RegionException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError("the call did not fail in time", e);
        }
        throw new AssertionError("the call succeeded");
    }

    static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            Thread.sleep(5);
        }
    }
}
