package dev.meridian.gateway.exec;

import static java.util.Objects.requireNonNull;

/**
 * What one region contributed to a request.
 *
 * @param series series received (items, for metadata requests)
 * @param samples points or samples received
 * @param bytes bytes the answers took on the wire (0 for in-process regions)
 * @param latencyMs the longest call to the region, in milliseconds
 * @param error why the region failed, or empty
 * @param reason why the region was skipped, or empty
 */
public record RegionCoverage(String region, RegionStatus status, long series, long samples, long bytes,
        double latencyMs, String error, String reason) {
    public RegionCoverage {
        requireNonNull(region, "region is null");
        requireNonNull(status, "status is null");
        requireNonNull(error, "error is null");
        requireNonNull(reason, "reason is null");
    }
}
