package dev.meridian.storage;

import java.util.List;

/**
 * The outcome of a write: samples stored (durable per the commit log policy) and the series that
 * were refused, each with its reason.
 */
public record WriteResult(long samplesWritten, List<SeriesError> errors) {
    public WriteResult {
        errors = List.copyOf(errors);
    }

    public boolean allWritten() {
        return errors.isEmpty();
    }
}
