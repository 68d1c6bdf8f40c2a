package dev.meridian.storage;

/** Every failure the storage module reports, one code each. */
public enum StorageErrorCode {
    /** A series' labels are malformed: unsorted, repeated, invalid names, over a limit. Not retryable. */
    INVALID_SERIES,
    /** A sample lies outside the window the head accepts (too old, or too far in the future). Not retryable. */
    SAMPLE_OUT_OF_BOUNDS,
    /** A sample repeats a stored timestamp with a different value. Not retryable. */
    DUPLICATE_SAMPLE,
    /** The namespace does not exist on this node. */
    UNKNOWN_NAMESPACE,
    /** The node is starting up or shutting down. Retryable. */
    NOT_READY,
    /** A file failed to read or write. Retryable. */
    IO,
    /** A file's checksum or structure is wrong. */
    CORRUPTION
}
