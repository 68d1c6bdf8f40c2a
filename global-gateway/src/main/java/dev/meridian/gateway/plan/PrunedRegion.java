package dev.meridian.gateway.plan;

import static java.util.Objects.requireNonNull;

/** A region a part of the plan does not ask, and why. */
public record PrunedRegion(String region, String reason) {
    public PrunedRegion {
        requireNonNull(region, "region is null");
        requireNonNull(reason, "reason is null");
    }
}
