package dev.meridian.coordinator.write;

/**
 * Reads protobuf wire format (protobuf.dev/programming-guides/encoding) straight from a byte
 * array, handing out offsets instead of copies, so that label bytes go from the request to the
 * canonical series bytes without a String in between. protobuf-java's generated parser cannot do
 * that: it decodes every proto3 {@code string} field to a String as it parses.
 *
 * <p>A reader covers {@code [position, limit)}; {@link #enter} narrows it to a length-delimited
 * field and {@link #leave} widens it back. Every read checks bounds and throws {@link
 * RemoteWriteException} ({@link RemoteWriteErrorCode#MALFORMED_BODY}) naming the byte offset, so
 * no input can make it throw anything else.
 */
final class WireReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int START_GROUP = 3;
    static final int END_GROUP = 4;
    static final int FIXED32 = 5;

    private final byte[] buf;
    private int position;
    private int limit;

    WireReader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.position = offset;
        this.limit = offset + length;
    }

    byte[] buffer() {
        return buf;
    }

    int position() {
        return position;
    }

    boolean atEnd() {
        return position >= limit;
    }

    /** Reads a field's tag: field number {@code << 3 | wire type}. */
    int readTag() {
        int at = position;
        long tag = readVarint();
        if (tag >>> 3 == 0 || tag >>> 3 > 0x1FFF_FFFFL) {
            throw malformed("invalid field tag " + Long.toUnsignedString(tag) + " at byte " + at);
        }
        return (int) tag;
    }

    static int fieldNumber(int tag) {
        return tag >>> 3;
    }

    static int wireType(int tag) {
        return tag & 7;
    }

    /** Reads a base-128 varint of at most 10 bytes (an int64 field holds a two's complement value). */
    long readVarint() {
        int at = position;
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= limit) {
                throw truncated(at);
            }
            byte b = buf[position++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw malformed("varint longer than 10 bytes at byte " + at);
    }

    /** Reads a little-endian 64-bit value (a {@code double} field's bits). */
    long readFixed64() {
        if (limit - position < 8) {
            throw truncated(position);
        }
        long result = 0;
        for (int i = 7; i >= 0; i--) {
            result = (result << 8) | (buf[position + i] & 0xFFL);
        }
        position += 8;
        return result;
    }

    /**
     * Reads a length-delimited field's length and checks that it fits; the field's bytes are
     * {@code [position(), position() + length)} afterwards.
     */
    int readLength() {
        int at = position;
        long length = readVarint();
        if (length < 0 || length > limit - position) {
            throw malformed("field of " + Long.toUnsignedString(length) + " bytes at byte " + at
                    + " runs past the end of its message (" + (limit - position) + " bytes left)");
        }
        return (int) length;
    }

    /** Narrows the reader to a length-delimited field; returns the outer limit for {@link #leave}. */
    int enter() {
        int length = readLength();
        int outer = limit;
        limit = position + length;
        return outer;
    }

    /** Leaves the field entered last, which must have been read to its end. */
    void leave(int outerLimit) {
        position = limit;
        limit = outerLimit;
    }

    /** Skips a length-delimited field, returning its offset. */
    int skipLengthDelimited(int length) {
        int start = position;
        position += length;
        return start;
    }

    /**
     * Skips the value of a field this reader does not want, as protobuf-java does for unknown
     * fields and for known fields that arrive with an unexpected wire type. Groups (deprecated,
     * never in remote.proto) are refused.
     */
    void skip(int tag) {
        int type = wireType(tag);
        switch (type) {
            case VARINT -> readVarint();
            case FIXED64 -> skipBytes(8);
            case LENGTH_DELIMITED -> {
                int length = readLength(); // before the +=, which would read position first
                position += length;
            }
            case FIXED32 -> skipBytes(4);
            default -> throw malformed("field " + fieldNumber(tag) + " has unsupported wire type " + type
                    + (type == START_GROUP || type == END_GROUP ? " (group)" : "") + " before byte " + position);
        }
    }

    private void skipBytes(int n) {
        if (limit - position < n) {
            throw truncated(position);
        }
        position += n;
    }

    private static RemoteWriteException truncated(int at) {
        return malformed("truncated protobuf: value at byte " + at + " runs past the end of its message");
    }

    private static RemoteWriteException malformed(String message) {
        return new RemoteWriteException(RemoteWriteErrorCode.MALFORMED_BODY, message);
    }
}
