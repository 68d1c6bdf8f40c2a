package dev.meridian.api;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.value.Value;

/**
 * The result of a query and what its {@code stats} report (2.42's {@code "samples"} object; see
 * {@link QueryStats}).
 *
 * @param value the query's value: a vector, matrix, scalar or string
 * @param samplesRead samples the query read from storage ({@code totalQueryableSamples})
 * @param peakSamples most samples the query held in memory at once ({@code peakSamples})
 */
public record QueryOutcome(Value value, long samplesRead, long peakSamples) {
    public QueryOutcome {
        requireNonNull(value, "value is null");
        if (samplesRead < 0) {
            throw new IllegalArgumentException("samplesRead must be >= 0 (got: " + samplesRead + ")");
        }
        if (peakSamples < 0) {
            throw new IllegalArgumentException("peakSamples must be >= 0 (got: " + peakSamples + ")");
        }
    }
}
