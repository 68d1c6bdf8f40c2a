package dev.meridian.gateway.exec;

/** How a region took part in a request, as the coverage block reports it. */
public enum RegionStatus {
    /** Every call answered. */
    OK("ok"),
    /** A call failed (a bug or undecodable answer in the region, or a query error). */
    ERROR("error"),
    /** A call missed the deadline. */
    TIMEOUT("timeout"),
    /** The region could not be reached or could not read enough replicas. */
    UNAVAILABLE("unavailable"),
    /** The region's circuit breaker was open, so it was not called. */
    CIRCUIT_OPEN("circuit_open"),
    /** Not called: pruned, or the request reads no series. */
    SKIPPED("skipped"),
    /** A call was canceled. */
    CANCELED("canceled");

    private final String jsonName;

    RegionStatus(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The value of {@code status} in the coverage JSON. */
    public String jsonName() {
        return jsonName;
    }

    /** Whether the region did not answer (OK and SKIPPED regions count as answered). */
    public boolean failed() {
        return this != OK && this != SKIPPED;
    }
}
