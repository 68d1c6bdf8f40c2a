package dev.meridian.gateway.plan;

import static java.util.Objects.requireNonNull;

/**
 * One expression every target region of a pushdown evaluates.
 *
 * @param role what the result is to the merge: {@code union} for a union, otherwise the
 *     aggregation it is ({@code sum}, {@code count}, {@code avg}, {@code stdvar}, {@code topk}, ...)
 * @param promql the text sent to the region, e.g. {@code sum by (job) (rate(x[5m]))}
 */
public record RegionPart(String role, String promql) {
    public RegionPart {
        requireNonNull(role, "role is null");
        requireNonNull(promql, "promql is null");
    }
}
