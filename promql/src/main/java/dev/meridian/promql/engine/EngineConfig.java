package dev.meridian.promql.engine;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Settings of the PromQL engine.
 *
 * @param lookbackDelta how far back an instant selector looks for a sample (Prometheus' 5m)
 * @param maxSamples most samples one query may hold in memory at once
 * @param timeout longest a query may run
 * @param defaultSubqueryStep the resolution of subqueries written without a step
 *     ({@code x[1h:]}), Prometheus' global evaluation interval
 * @param batchSize steps per batch between operators
 */
public record EngineConfig(Duration lookbackDelta, long maxSamples, Duration timeout, Duration defaultSubqueryStep, int batchSize) {
    public EngineConfig {
        requireNonNull(lookbackDelta, "lookbackDelta is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(defaultSubqueryStep, "defaultSubqueryStep is null");
        if (lookbackDelta.toMillis() <= 0) {
            throw new IllegalArgumentException("lookbackDelta must be > 0 (got: " + lookbackDelta + ")");
        }
        if (maxSamples <= 0) {
            throw new IllegalArgumentException("maxSamples must be > 0 (got: " + maxSamples + ")");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0 (got: " + timeout + ")");
        }
        if (defaultSubqueryStep.toMillis() <= 0) {
            throw new IllegalArgumentException("defaultSubqueryStep must be > 0 (got: " + defaultSubqueryStep + ")");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0 (got: " + batchSize + ")");
        }
    }

    /** Prometheus' defaults: 5m lookback, 50M samples, 2m timeout, 1m subquery step. */
    public static EngineConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Duration lookbackDelta = Duration.ofMinutes(5);
        private long maxSamples = 50_000_000;
        private Duration timeout = Duration.ofMinutes(2);
        private Duration defaultSubqueryStep = Duration.ofMinutes(1);
        private int batchSize = 10;

        private Builder() {}

        public Builder lookbackDelta(Duration value) {
            this.lookbackDelta = value;
            return this;
        }

        public Builder maxSamples(long value) {
            this.maxSamples = value;
            return this;
        }

        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        public Builder defaultSubqueryStep(Duration value) {
            this.defaultSubqueryStep = value;
            return this;
        }

        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        public EngineConfig build() {
            return new EngineConfig(lookbackDelta, maxSamples, timeout, defaultSubqueryStep, batchSize);
        }
    }
}
