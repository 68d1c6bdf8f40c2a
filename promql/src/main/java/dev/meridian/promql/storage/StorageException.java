package dev.meridian.promql.storage;

import dev.meridian.promql.ErrorCode;
import dev.meridian.promql.PromqlException;

/** The storage under the engine failed to read data. */
public class StorageException extends PromqlException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message) {
        super(ErrorCode.STORAGE, message);
    }

    public StorageException(String message, Throwable cause) {
        super(ErrorCode.STORAGE, message, cause);
    }
}
