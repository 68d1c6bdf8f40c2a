package dev.meridian.gateway.exec;

import dev.meridian.promql.ErrorCode;

/** The gateway error kind of each PromQL error code, in one place. */
final class ErrorKinds {
    private ErrorKinds() {}

    static GatewayErrorKind of(ErrorCode code) {
        return switch (code) {
            case PARSE_ERROR, INVALID_ARGUMENT -> GatewayErrorKind.BAD_DATA;
            case EXECUTION, TOO_MANY_SAMPLES -> GatewayErrorKind.EXECUTION;
            case TIMEOUT -> GatewayErrorKind.TIMEOUT;
            case CANCELED -> GatewayErrorKind.CANCELED;
            case STORAGE -> GatewayErrorKind.INTERNAL;
        };
    }

    /** The Prometheus errorType a region would report for a PromQL error code. */
    static String errorType(ErrorCode code) {
        return of(code).errorType();
    }
}
