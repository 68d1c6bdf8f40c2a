package dev.meridian.coordinator.querycmp;

/** A body that is not a Prometheus API response; the message says what was wrong with it. */
final class MalformedResponseException extends Exception {
    MalformedResponseException(String message) {
        super(message);
    }

    MalformedResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
