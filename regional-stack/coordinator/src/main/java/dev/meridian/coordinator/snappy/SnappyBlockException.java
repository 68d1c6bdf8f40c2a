package dev.meridian.coordinator.snappy;

/** Why a snappy block was refused; callers map it to their protocol's error. */
public final class SnappyBlockException extends RuntimeException {
    private final boolean tooLarge;

    SnappyBlockException(boolean tooLarge, String message, Throwable cause) {
        super(message, cause);
        this.tooLarge = tooLarge;
    }

    /** True if the block claims more bytes than allowed; false if it is malformed. */
    public boolean tooLarge() {
        return tooLarge;
    }
}
