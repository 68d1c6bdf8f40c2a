package dev.meridian.coordinator.region;

import dev.meridian.api.ApiErrorType;
import dev.meridian.api.LimitExceededException;
import dev.meridian.promql.PromqlException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.RejectedExecutionException;

/**
 * The one place where a failure of a region call becomes a gRPC status and the trailer {@value
 * RegionService#ERROR_TYPE_TRAILER}, as region.proto's header lays them out:
 *
 * <table>
 *   <caption>failure → status, trailer</caption>
 *   <tr><th>failure</th><th>status</th><th>trailer (Prometheus errorType)</th></tr>
 *   <tr><td>a limit: {@link LimitExceededException} (max_series, max_range), engine {@code TOO_MANY_SAMPLES}
 *       (max_samples)</td><td>RESOURCE_EXHAUSTED</td><td>as the HTTP API: execution, bad_data (max_range)</td></tr>
 *   <tr><td>engine {@code PARSE_ERROR}, {@code INVALID_ARGUMENT} (a bad request)</td><td>INVALID_ARGUMENT</td><td>bad_data</td></tr>
 *   <tr><td>engine {@code EXECUTION} (e.g. many-to-many matching)</td><td>INVALID_ARGUMENT</td><td>execution</td></tr>
 *   <tr><td>engine {@code TIMEOUT}</td><td>DEADLINE_EXCEEDED</td><td>timeout</td></tr>
 *   <tr><td>engine {@code CANCELED}</td><td>CANCELLED</td><td>canceled</td></tr>
 *   <tr><td>{@code STORAGE}: too few replicas answered</td><td>UNAVAILABLE</td><td>internal (what the HTTP API answers)</td></tr>
 *   <tr><td>the query executor refused the call</td><td>UNAVAILABLE</td><td>unavailable</td></tr>
 *   <tr><td>anything else: a bug</td><td>INTERNAL</td><td>internal</td></tr>
 * </table>
 *
 * An evaluation error ({@code EXECUTION}) is not a bad request, but like one it fails the same
 * way however often it is retried, so it shares INVALID_ARGUMENT's "do not retry" and keeps its
 * own errorType. The description is the failure's message, which names what was wrong (and, for a
 * limit, the limit and its value).
 */
final class RegionStatuses {
    static final Metadata.Key<String> ERROR_TYPE = Metadata.Key.of(RegionService.ERROR_TYPE_TRAILER, Metadata.ASCII_STRING_MARSHALLER);

    private RegionStatuses() {}

    /** The status exception to close a call with after {@code failure}. */
    static StatusRuntimeException of(Throwable failure) {
        if (failure instanceof LimitExceededException limit) {
            return status(Status.RESOURCE_EXHAUSTED, ApiErrorType.of(limit.code()), limit.getMessage(), failure);
        }
        if (failure instanceof PromqlException e) {
            Status status = switch (e.code()) {
                case PARSE_ERROR, INVALID_ARGUMENT, EXECUTION -> Status.INVALID_ARGUMENT;
                case TOO_MANY_SAMPLES -> Status.RESOURCE_EXHAUSTED;
                case TIMEOUT -> Status.DEADLINE_EXCEEDED;
                case CANCELED -> Status.CANCELLED;
                case STORAGE -> Status.UNAVAILABLE;
            };
            return status(status, ApiErrorType.of(e.code()), e.getMessage(), failure);
        }
        if (failure instanceof RejectedExecutionException) {
            return status(Status.UNAVAILABLE, ApiErrorType.UNAVAILABLE,
                    "the region's query executor refused the call (stopping or saturated): " + failure.getMessage(), failure);
        }
        return status(Status.INTERNAL, ApiErrorType.INTERNAL, "unexpected error: " + failure, failure);
    }

    private static StatusRuntimeException status(Status status, ApiErrorType type, String message, Throwable cause) {
        Metadata trailers = new Metadata();
        trailers.put(ERROR_TYPE, type.wireName());
        return status.withDescription(message).withCause(cause).asRuntimeException(trailers);
    }
}
