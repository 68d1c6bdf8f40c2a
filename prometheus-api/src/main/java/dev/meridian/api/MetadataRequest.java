package dev.meridian.api;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.LabelMatcher;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A lookup of {@code /api/v1/series}, {@code /api/v1/labels} or {@code /api/v1/label/<name>/values},
 * parsed and checked by the API. The time range is milliseconds since the epoch; a missing
 * {@code end} is already now and a missing {@code start} {@code end - maxRange}. As in 2.42,
 * {@code start} after {@code end} is not refused (nothing matches then).
 *
 * @param matcherSets one set per {@code match[]} parameter, each with a matcher that does not match
 *     the empty string; empty for {@code labels} and {@code label/<name>/values} without
 *     {@code match[]} (then every series counts), never empty for {@code series}
 * @param startMillis the start of the range
 * @param endMillis the end of the range
 * @param params all of the request's form parameters, for backends that read more of them
 * @param canceled whether the client has gone away; a long lookup should check it now and then
 *     and stop (e.g. with {@link ApiErrorType#CANCELED})
 */
public record MetadataRequest(List<List<LabelMatcher>> matcherSets, long startMillis, long endMillis, FormParams params,
        BooleanSupplier canceled) {
    public MetadataRequest {
        requireNonNull(matcherSets, "matcherSets is null");
        matcherSets = matcherSets.stream().map(List::copyOf).toList();
        requireNonNull(params, "params is null");
        requireNonNull(canceled, "canceled is null");
    }
}
