package dev.meridian.gateway.exec;

import static java.util.Objects.requireNonNull;

import dev.meridian.gateway.plan.DistributedPlan;
import dev.meridian.promql.value.Value;
import java.util.List;

/**
 * A query's answer over the regions.
 *
 * @param value the result, as the engine returns it (a matrix for range queries)
 * @param warnings Prometheus {@code warnings}: failed regions under partial_response=warn, the
 *     regions' own warnings, and the engine's
 * @param coverage per region, how it took part
 * @param plan how the query was split over the regions ({@link DistributedPlan#toJson()} for explain)
 * @param samplesRead samples read by the gateway's engine and the regions' engines together
 */
public record GatewayResult(Value value, List<String> warnings, Coverage coverage, DistributedPlan plan,
        long samplesRead) {
    public GatewayResult {
        requireNonNull(value, "value is null");
        warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
        requireNonNull(coverage, "coverage is null");
        requireNonNull(plan, "plan is null");
    }
}
