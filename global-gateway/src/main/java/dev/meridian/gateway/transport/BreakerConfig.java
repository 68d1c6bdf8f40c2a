package dev.meridian.gateway.transport;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.client.circuitbreaker.CircuitBreaker;
import java.time.Duration;

/**
 * The knobs of a region's circuit breaker (Armeria's {@link CircuitBreaker}): it opens when, over
 * the last {@code counterSlidingWindow}, at least {@code minimumRequestThreshold} calls were
 * counted and more than {@code failureRateThreshold} of them failed; it stays open for {@code
 * circuitOpenWindow}, then lets one trial call through every {@code trialRequestInterval} until
 * one succeeds. Counts are recomputed every {@code counterUpdateInterval}.
 *
 * <p>Only region faults count as failures ({@link
 * dev.meridian.gateway.region.RegionException.Kind#isRegionFault()}): a bad expression or a
 * query over a limit says nothing about the region's health and is not counted at all.
 */
public record BreakerConfig(
        double failureRateThreshold,
        long minimumRequestThreshold,
        Duration circuitOpenWindow,
        Duration trialRequestInterval,
        Duration counterSlidingWindow,
        Duration counterUpdateInterval) {
    public BreakerConfig {
        if (!(failureRateThreshold > 0 && failureRateThreshold <= 1)) {
            throw new IllegalArgumentException(
                    "breaker failureRateThreshold must be in (0, 1] (got: " + failureRateThreshold + ")");
        }
        if (minimumRequestThreshold < 0) {
            throw new IllegalArgumentException(
                    "breaker minimumRequestThreshold must be >= 0 (got: " + minimumRequestThreshold + ")");
        }
        requirePositive(circuitOpenWindow, "circuitOpenWindow");
        requirePositive(trialRequestInterval, "trialRequestInterval");
        requirePositive(counterSlidingWindow, "counterSlidingWindow");
        requirePositive(counterUpdateInterval, "counterUpdateInterval");
        if (counterUpdateInterval.compareTo(counterSlidingWindow) >= 0) {
            throw new IllegalArgumentException("breaker counterUpdateInterval must be shorter than counterSlidingWindow (got: "
                    + counterUpdateInterval + " and " + counterSlidingWindow + ")");
        }
    }

    /**
     * Opens at more than half of at least 10 calls failing within 20s, for 10s; a trial call every
     * 3s; counts recomputed every second.
     */
    public static BreakerConfig defaults() {
        return new BreakerConfig(0.5, 10, Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofSeconds(20),
                Duration.ofSeconds(1));
    }

    /** A new breaker with these settings, named after what it guards. */
    public CircuitBreaker newBreaker(String name) {
        return CircuitBreaker.builder(requireNonNull(name, "name is null"))
                .failureRateThreshold(failureRateThreshold)
                .minimumRequestThreshold(minimumRequestThreshold)
                .circuitOpenWindow(circuitOpenWindow)
                .trialRequestInterval(trialRequestInterval)
                .counterSlidingWindow(counterSlidingWindow)
                .counterUpdateInterval(counterUpdateInterval)
                .build();
    }

    private static void requirePositive(Duration duration, String name) {
        requireNonNull(duration, name + " is null");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("breaker " + name + " must be > 0 (got: " + duration + ")");
        }
    }
}
