package dev.meridian.gateway.exec;

import static java.util.Objects.requireNonNull;

/** A gateway request that failed, with what the regions had done by then. */
public final class GatewayQueryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final GatewayErrorKind kind;
    private final transient Coverage coverage;

    public GatewayQueryException(GatewayErrorKind kind, String message, Coverage coverage, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.kind = requireNonNull(kind, "kind is null");
        this.coverage = requireNonNull(coverage, "coverage is null");
    }

    public GatewayErrorKind kind() {
        return kind;
    }

    public Coverage coverage() {
        return coverage;
    }
}
