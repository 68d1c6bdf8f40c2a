package dev.meridian.gateway.exec;

/** Why a gateway request failed; each maps to one Prometheus API {@code errorType}. */
public enum GatewayErrorKind {
    /** The query or a parameter is invalid. */
    BAD_DATA("bad_data"),
    /** Evaluation failed on the data, or a query limit was hit. */
    EXECUTION("execution"),
    /** Regions failed and the policy does not allow answering without them. */
    UNAVAILABLE("unavailable"),
    /** The query ran past its own deadline. */
    TIMEOUT("timeout"),
    /** The query was canceled. */
    CANCELED("canceled"),
    /** A bug, or a region answer the gateway cannot use. */
    INTERNAL("internal");

    private final String errorType;

    GatewayErrorKind(String errorType) {
        this.errorType = errorType;
    }

    /** Prometheus' {@code errorType} value. */
    public String errorType() {
        return errorType;
    }
}
