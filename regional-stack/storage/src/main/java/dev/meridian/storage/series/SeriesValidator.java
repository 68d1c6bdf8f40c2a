package dev.meridian.storage.series;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks label bytes from outside against the canonical form of {@link SeriesLabels} and the
 * limits, without making Strings: at least one label; names {@code [a-zA-Z_][a-zA-Z0-9_]*},
 * strictly increasing in byte order (so sorted and unique); values non-empty, valid UTF-8.
 */
public final class SeriesValidator {
    private final SeriesLimits limits;

    public SeriesValidator(SeriesLimits limits) {
        this.limits = requireNonNull(limits, "limits is null");
    }

    /** Null if the bytes are a valid series, else why not (for the error returned to the writer). */
    public String problem(byte[] b) {
        int[] pos = {0};
        long count;
        try {
            count = SeriesLabels.readUvarint(b, pos);
        } catch (IllegalArgumentException e) {
            return "malformed label set: " + e.getMessage();
        }
        if (count == 0) {
            return "a series needs at least one label";
        }
        if (count > limits.maxLabels()) {
            return "has " + count + " labels, more than the limit of " + limits.maxLabels();
        }
        int prevNameStart = -1;
        int prevNameLength = 0;
        for (long i = 0; i < count; i++) {
            int nameLength;
            int nameStart;
            int valueLength;
            int valueStart;
            try {
                nameLength = length(b, pos);
                nameStart = pos[0];
                pos[0] += nameLength;
                valueLength = length(b, pos);
                valueStart = pos[0];
                pos[0] += valueLength;
            } catch (IllegalArgumentException e) {
                return "malformed label set: " + e.getMessage();
            }
            if (nameLength > limits.maxNameBytes()) {
                return "label name of " + nameLength + " bytes is longer than the limit of " + limits.maxNameBytes();
            }
            if (!validName(b, nameStart, nameLength)) {
                return "invalid label name \"" + new String(b, nameStart, nameLength, StandardCharsets.UTF_8)
                        + "\": must match [a-zA-Z_][a-zA-Z0-9_]*";
            }
            if (prevNameStart >= 0) {
                int c = compareBytes(b, prevNameStart, prevNameLength, nameStart, nameLength);
                if (c == 0) {
                    return "label name \"" + new String(b, nameStart, nameLength, StandardCharsets.UTF_8) + "\" repeated";
                }
                if (c > 0) {
                    return "labels not sorted by name: \"" + new String(b, nameStart, nameLength, StandardCharsets.UTF_8)
                            + "\" after \"" + new String(b, prevNameStart, prevNameLength, StandardCharsets.UTF_8) + "\"";
                }
            }
            if (valueLength == 0) {
                return "label \"" + new String(b, nameStart, nameLength, StandardCharsets.UTF_8) + "\" has an empty value";
            }
            if (valueLength > limits.maxValueBytes()) {
                return "value of label \"" + new String(b, nameStart, nameLength, StandardCharsets.UTF_8) + "\" has "
                        + valueLength + " bytes, more than the limit of " + limits.maxValueBytes();
            }
            if (!validUtf8(b, valueStart, valueLength)) {
                return "value of label \"" + new String(b, nameStart, nameLength, StandardCharsets.UTF_8)
                        + "\" is not valid UTF-8";
            }
            prevNameStart = nameStart;
            prevNameLength = nameLength;
        }
        if (pos[0] != b.length) {
            return "malformed label set: " + (b.length - pos[0]) + " bytes after the last label";
        }
        return null;
    }

    private static int length(byte[] b, int[] pos) {
        long n = SeriesLabels.readUvarint(b, pos);
        if (n > b.length - pos[0]) {
            throw new IllegalArgumentException("a length of " + n + " runs past the end at byte " + pos[0]);
        }
        return (int) n;
    }

    private static boolean validName(byte[] b, int start, int length) {
        if (length == 0) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int c = b[start + i];
            boolean letter = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!letter && !(i > 0 && c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    private static int compareBytes(byte[] b, int aStart, int aLength, int cStart, int cLength) {
        int n = Math.min(aLength, cLength);
        for (int i = 0; i < n; i++) {
            int x = b[aStart + i] & 0xFF;
            int y = b[cStart + i] & 0xFF;
            if (x != y) {
                return x - y;
            }
        }
        return aLength - cLength;
    }

    private static boolean validUtf8(byte[] b, int start, int length) {
        boolean ascii = true;
        for (int i = 0; i < length; i++) {
            if (b[start + i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return true;
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, start, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
