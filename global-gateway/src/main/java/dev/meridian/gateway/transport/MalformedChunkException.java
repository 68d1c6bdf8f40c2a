package dev.meridian.gateway.transport;

/**
 * A chunk whose bytes do not decode: truncated, a varint that overflows, or an impossible field.
 * The message says what was being read and where.
 */
public final class MalformedChunkException extends IllegalArgumentException {
    public MalformedChunkException(String message) {
        super(message);
    }
}
