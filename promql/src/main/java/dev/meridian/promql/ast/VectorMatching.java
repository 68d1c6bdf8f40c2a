package dev.meridian.promql.ast;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How a binary operation between two instant vectors matches series.
 *
 * @param cardinality which side may have several series per match
 * @param matchingLabels the labels of {@code on(...)} or {@code ignoring(...)}
 * @param on true for {@code on}, false for {@code ignoring} (also when neither was written)
 * @param include the extra labels of {@code group_left(...)}/{@code group_right(...)}
 */
public record VectorMatching(Cardinality cardinality, List<String> matchingLabels, boolean on, List<String> include) {
    public VectorMatching {
        requireNonNull(cardinality, "cardinality is null");
        matchingLabels = List.copyOf(matchingLabels);
        include = List.copyOf(include);
    }

    /** Default matching: one-to-one on all labels but the metric name. */
    public static VectorMatching oneToOne() {
        return new VectorMatching(Cardinality.ONE_TO_ONE, List.of(), false, List.of());
    }

    public VectorMatching withCardinality(Cardinality newCardinality) {
        return new VectorMatching(newCardinality, matchingLabels, on, include);
    }
}
