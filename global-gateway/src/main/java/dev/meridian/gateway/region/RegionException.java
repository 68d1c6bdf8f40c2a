package dev.meridian.gateway.region;

import static java.util.Objects.requireNonNull;

/**
 * A region call that failed, and how: {@link Kind#isRegionFault()} failures are the region's
 * problem (the gateway may answer without it, as a partial response), the others are the
 * query's (every region would say the same, so the query fails).
 */
public final class RegionException extends RuntimeException {
    /** How a region call failed. */
    public enum Kind {
        /** The request or expression is invalid (region.proto: INVALID_ARGUMENT). */
        BAD_REQUEST(false),
        /** A query limit was hit (RESOURCE_EXHAUSTED); the message names it. */
        LIMIT(false),
        /** The call missed its deadline. */
        TIMEOUT(true),
        /** The region could not be reached or could not read enough replicas (UNAVAILABLE). */
        UNAVAILABLE(true),
        /** The region's circuit breaker is open: the call was not made. */
        CIRCUIT_OPEN(true),
        /** The gateway canceled the call (its query was canceled). */
        CANCELED(false),
        /** The region failed unexpectedly (INTERNAL, or an answer that does not decode). */
        INTERNAL(true);

        private final boolean regionFault;

        Kind(boolean regionFault) {
            this.regionFault = regionFault;
        }

        /** Whether the failure is the region's, so the query may go on without it. */
        public boolean isRegionFault() {
            return regionFault;
        }
    }

    private final String region;
    private final Kind kind;
    private final String errorType;

    /**
     * @param errorType the Prometheus API errorType the region reported (e.g. {@code bad_data}),
     *     or empty if it reported none
     */
    public RegionException(String region, Kind kind, String errorType, String message, Throwable cause) {
        super("region " + requireNonNull(region, "region is null") + ": " + requireNonNull(message, "message is null"),
                cause);
        this.region = region;
        this.kind = requireNonNull(kind, "kind is null");
        this.errorType = requireNonNull(errorType, "errorType is null");
    }

    public RegionException(String region, Kind kind, String message) {
        this(region, kind, "", message, null);
    }

    public String region() {
        return region;
    }

    public Kind kind() {
        return kind;
    }

    public String errorType() {
        return errorType;
    }
}
