package dev.meridian.storage;

import static java.util.Objects.requireNonNull;

/** The one exception type of the storage module; {@link #code()} says what kind of failure it is. */
public class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final StorageErrorCode code;

    public StorageException(StorageErrorCode code, String message) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
    }

    public StorageException(StorageErrorCode code, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
    }

    public StorageErrorCode code() {
        return code;
    }
}
