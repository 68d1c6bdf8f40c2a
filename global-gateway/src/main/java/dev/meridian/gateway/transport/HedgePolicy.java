package dev.meridian.gateway.transport;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * When a Query or Store call that has not answered yet is sent again to a second endpoint of the
 * same region ("The Tail at Scale", Dean and Barroso, CACM 2013: hedged requests). A region with
 * a single endpoint is never hedged, whatever the policy.
 */
public sealed interface HedgePolicy permits HedgePolicy.Off, HedgePolicy.Fixed, HedgePolicy.Percentile {
    /**
     * How long to wait for the first endpoint before hedging, given the region's recent call
     * latencies; empty for no hedge.
     */
    OptionalLong delayNanos(LatencyWindow recent);

    /** Never hedge. */
    static HedgePolicy off() {
        return new Off();
    }

    /** Hedge after a fixed delay. */
    static HedgePolicy fixed(Duration delay) {
        return new Fixed(delay);
    }

    /**
     * Hedge after the {@code quantile} of the last {@code window} successful attempt latencies,
     * clamped to {@code [min, max]}.
     */
    static HedgePolicy percentile(double quantile, int window, Duration min, Duration max) {
        return new Percentile(quantile, window, min, max);
    }

    /** The p95 of the last 100 attempts, between 20ms and 2s. */
    static HedgePolicy defaults() {
        return new Percentile(0.95, 100, Duration.ofMillis(20), Duration.ofSeconds(2));
    }

    /** No hedging. */
    record Off() implements HedgePolicy {
        @Override
        public OptionalLong delayNanos(LatencyWindow recent) {
            return OptionalLong.empty();
        }
    }

    /** A fixed hedge delay. */
    record Fixed(Duration delay) implements HedgePolicy {
        public Fixed {
            requirePositive(delay, "delay");
        }

        @Override
        public OptionalLong delayNanos(LatencyWindow recent) {
            return OptionalLong.of(delay.toNanos());
        }
    }

    /**
     * A delay that follows the region: the {@code quantile} of its recent attempt latencies,
     * clamped to {@code [min, max]}. Until {@link #MIN_SAMPLES} latencies are known the delay is
     * {@code max}, so a fresh client does not hedge everything.
     */
    record Percentile(double quantile, int window, Duration min, Duration max) implements HedgePolicy {
        /** Latencies needed before the quantile is trusted. */
        public static final int MIN_SAMPLES = 10;

        public Percentile {
            if (!(quantile > 0 && quantile < 1)) {
                throw new IllegalArgumentException("hedge quantile must be in (0, 1) (got: " + quantile + ")");
            }
            if (window < MIN_SAMPLES) {
                throw new IllegalArgumentException(
                        "hedge latency window must hold at least " + MIN_SAMPLES + " calls (got: " + window + ")");
            }
            requirePositive(min, "min");
            requirePositive(max, "max");
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("hedge max delay must be >= min delay (got: min " + min + ", max " + max + ")");
            }
        }

        @Override
        public OptionalLong delayNanos(LatencyWindow recent) {
            if (recent.size() < MIN_SAMPLES) {
                return OptionalLong.of(max.toNanos());
            }
            long q = recent.quantileNanos(quantile);
            return OptionalLong.of(Math.max(min.toNanos(), Math.min(max.toNanos(), q)));
        }
    }

    private static void requirePositive(Duration duration, String name) {
        requireNonNull(duration, name + " is null");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("hedge " + name + " delay must be > 0 (got: " + duration + ")");
        }
    }
}
