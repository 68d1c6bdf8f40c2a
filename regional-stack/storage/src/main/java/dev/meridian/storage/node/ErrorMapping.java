package dev.meridian.storage.node;

import static java.util.Objects.requireNonNull;

import dev.meridian.proto.node.ErrorCode;
import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.RejectedExecutionException;

/**
 * The one place where failures become gRPC statuses (on the server) and statuses become failures
 * again (in the client).
 *
 * <p>Status codes follow the gRPC guide to status codes (grpc.io, "Status codes and their use in
 * gRPC"): a client error is {@code INVALID_ARGUMENT} and must not be retried; {@code UNAVAILABLE}
 * and {@code RESOURCE_EXHAUSTED} are the retryable ones; {@code DATA_LOSS} is unrecoverable data
 * corruption. A status raised for a {@link StorageException} also carries the trailer {@link
 * #STORAGE_ERROR_CODE} with the code's wire name, so that the client can throw the same {@link
 * StorageException} the storage threw, and tell {@code NOT_READY} from {@code IO} although both
 * are {@code UNAVAILABLE}.
 */
final class ErrorMapping {
    /** Trailer holding the {@link ErrorCode} name of a storage failure, e.g. {@code UNKNOWN_NAMESPACE}. */
    static final Metadata.Key<String> STORAGE_ERROR_CODE =
            Metadata.Key.of("meridian-storage-error-code", Metadata.ASCII_STRING_MARSHALLER);

    private static final System.Logger LOG = System.getLogger(ErrorMapping.class.getName());

    private ErrorMapping() {}

    /** The gRPC status code for a storage failure of a whole call. */
    static Status.Code statusCode(StorageErrorCode code) {
        return switch (code) {
            case INVALID_SERIES, SAMPLE_OUT_OF_BOUNDS, DUPLICATE_SAMPLE -> Status.Code.INVALID_ARGUMENT;
            case UNKNOWN_NAMESPACE -> Status.Code.NOT_FOUND;
            case NOT_READY, IO -> Status.Code.UNAVAILABLE;
            case CORRUPTION -> Status.Code.DATA_LOSS;
        };
    }

    /**
     * Server side: what to close a call with after {@code failure}. A {@link StorageException} by
     * its code (with the trailer), an {@link InvalidRequestException} as {@code INVALID_ARGUMENT},
     * a full work queue as {@code RESOURCE_EXHAUSTED}, and anything else, which is a bug, as {@code
     * INTERNAL} (and logged). The exception's message becomes the status description; the cause is
     * not attached, so the server sends exactly this status.
     */
    static StatusRuntimeException toStatusException(RuntimeException failure) {
        requireNonNull(failure, "failure is null");
        if (failure instanceof StorageException storageFailure) {
            Metadata trailers = new Metadata();
            trailers.put(STORAGE_ERROR_CODE, MessageMapping.wireCode(storageFailure.code()).name());
            return Status.fromCode(statusCode(storageFailure.code()))
                    .withDescription(storageFailure.getMessage())
                    .asRuntimeException(trailers);
        }
        if (failure instanceof InvalidRequestException) {
            return Status.INVALID_ARGUMENT.withDescription(failure.getMessage()).asRuntimeException();
        }
        if (failure instanceof RejectedExecutionException) {
            return Status.RESOURCE_EXHAUSTED
                    .withDescription("the node is overloaded: " + failure.getMessage())
                    .asRuntimeException();
        }
        LOG.log(System.Logger.Level.ERROR, "storage node call failed unexpectedly", failure);
        return Status.INTERNAL.withDescription("internal error: " + failure).asRuntimeException();
    }

    /**
     * Client side: what a call that failed with {@code failure} throws. A status carrying the
     * {@link #STORAGE_ERROR_CODE} trailer becomes the {@link StorageException} the node's storage
     * threw (same code, same message; the status is its cause); any other status (a malformed
     * request, an overloaded or unreachable node, a deadline) stays a {@link
     * StatusRuntimeException}.
     */
    static RuntimeException fromStatusException(Throwable failure) {
        requireNonNull(failure, "failure is null");
        Status status = Status.fromThrowable(failure);
        Metadata trailers = Status.trailersFromThrowable(failure);
        String wireName = trailers == null ? null : trailers.get(STORAGE_ERROR_CODE);
        if (wireName != null) {
            StorageErrorCode code = storageCode(wireName);
            if (code != null) {
                String message = status.getDescription() == null ? wireName : status.getDescription();
                return new StorageException(code, message, failure);
            }
        }
        return failure instanceof StatusRuntimeException runtime ? runtime : status.asRuntimeException(trailers);
    }

    /** Client side: a response the client cannot understand, as {@code INTERNAL}. */
    static StatusRuntimeException malformedResponse(String method, IllegalArgumentException problem) {
        return Status.INTERNAL
                .withDescription("malformed " + method + " response from the storage node: " + problem.getMessage())
                .withCause(problem)
                .asRuntimeException();
    }

    /** The storage code of a trailer value, or null when this build does not know it. */
    private static StorageErrorCode storageCode(String wireName) {
        ErrorCode wire;
        try {
            wire = ErrorCode.valueOf(wireName);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
        try {
            return MessageMapping.storageCode(wire);
        } catch (IllegalArgumentException unspecified) {
            return null;
        }
    }
}
