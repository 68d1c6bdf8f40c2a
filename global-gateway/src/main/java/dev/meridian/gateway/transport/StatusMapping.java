package dev.meridian.gateway.transport;

import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.common.ClosedSessionException;
import com.linecorp.armeria.common.stream.ClosedStreamException;
import dev.meridian.gateway.region.RegionException;
import dev.meridian.gateway.region.RegionException.Kind;
import io.grpc.Metadata;
import io.grpc.Status;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;

/**
 * The one place a failed region call becomes a {@link RegionException} (region.proto, "Errors"):
 *
 * <pre>
 * gRPC status          Kind          notes
 * INVALID_ARGUMENT     BAD_REQUEST   the region's message, its errorType (bad_data)
 * RESOURCE_EXHAUSTED   LIMIT         the message names the limit
 * DEADLINE_EXCEEDED    TIMEOUT       the region's or this client's deadline
 * UNAVAILABLE          UNAVAILABLE   too few replicas, or the endpoint unreachable
 * CANCELLED            CANCELED
 * anything else        INTERNAL
 * </pre>
 *
 * The region's Prometheus errorType comes from the {@code meridian-error-type} trailer. A call
 * that failed below gRPC (connection refused or reset, the session or stream closed under it)
 * is UNAVAILABLE whatever status the transport gave it, since another endpoint may well answer.
 */
final class StatusMapping {
    /** The trailer holding the Prometheus API errorType of a region's failure. */
    static final Metadata.Key<String> ERROR_TYPE = Metadata.Key.of("meridian-error-type", Metadata.ASCII_STRING_MARSHALLER);

    private StatusMapping() {}

    static RegionException fromThrowable(String region, String endpoint, Throwable failure) {
        if (failure instanceof RegionException regionException) {
            return regionException;
        }
        Status status = Status.fromThrowable(failure);
        Metadata trailers = Status.trailersFromThrowable(failure);
        String errorType = trailers == null ? null : trailers.get(ERROR_TYPE);
        if (errorType == null && isTransportFailure(failure)) {
            return new RegionException(region, Kind.UNAVAILABLE, "",
                    "endpoint " + endpoint + " unreachable: " + describe(status, failure), failure);
        }
        Kind kind = switch (status.getCode()) {
            case INVALID_ARGUMENT -> Kind.BAD_REQUEST;
            case RESOURCE_EXHAUSTED -> Kind.LIMIT;
            case DEADLINE_EXCEEDED -> Kind.TIMEOUT;
            case UNAVAILABLE -> Kind.UNAVAILABLE;
            case CANCELLED -> Kind.CANCELED;
            default -> Kind.INTERNAL;
        };
        String message = describe(status, failure);
        if (errorType == null) {
            // Not the region's own answer: say which endpoint and what gRPC said.
            message = "endpoint " + endpoint + ": " + status.getCode() + (message.isEmpty() ? "" : ": " + message);
        }
        return new RegionException(region, kind, errorType == null ? "" : errorType, message, failure);
    }

    /** A response the client could not make sense of. */
    static RegionException malformed(String region, String endpoint, String call, RuntimeException problem) {
        return new RegionException(region, Kind.INTERNAL, "internal",
                "endpoint " + endpoint + " sent a " + call + " answer that does not decode: " + problem.getMessage(), problem);
    }

    private static String describe(Status status, Throwable failure) {
        if (status.getDescription() != null) {
            return status.getDescription();
        }
        Throwable cause = status.getCause() != null ? status.getCause() : failure.getCause();
        return cause == null || cause.getMessage() == null ? "" : cause.getMessage();
    }

    private static boolean isTransportFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnprocessedRequestException
                    || t instanceof ClosedSessionException
                    || t instanceof ClosedStreamException
                    || t instanceof ClosedChannelException
                    || t instanceof IOException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
