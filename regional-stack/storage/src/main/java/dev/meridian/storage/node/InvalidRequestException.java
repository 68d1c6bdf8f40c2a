package dev.meridian.storage.node;

import static java.util.Objects.requireNonNull;

/**
 * A request the node cannot even hand to the storage: parallel arrays of different lengths, an
 * unknown matcher type, a range that ends before it starts. Raised while translating a request,
 * before any storage call, and answered with {@code INVALID_ARGUMENT} by {@link ErrorMapping}.
 */
final class InvalidRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidRequestException(String message) {
        super(requireNonNull(message, "message is null"));
    }
}
