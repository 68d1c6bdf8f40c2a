package dev.meridian.promql.engine;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.value.Value;
import java.util.List;

/**
 * The outcome of a query.
 *
 * @param value the result
 * @param warnings non-fatal problems, e.g. from storage that answered partially
 * @param samplesRead samples the query read from storage
 * @param peakSamples most samples the query held in memory at once
 */
public record QueryResult(Value value, List<String> warnings, long samplesRead, long peakSamples) {
    public QueryResult {
        requireNonNull(value, "value is null");
        warnings = List.copyOf(warnings);
    }
}
