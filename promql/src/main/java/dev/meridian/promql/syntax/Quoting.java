package dev.meridian.promql.syntax;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Quoting of strings as Go's {@code strconv.Quote} does it, which is how Prometheus prints label
 * values, string literals and error messages. Printable characters stay as they are; quotes,
 * backslashes and control characters are escaped.
 */
public final class Quoting {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Quoting() {}

    /** Returns {@code s} in double quotes with Go escapes. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        appendQuoted(out, s);
        return out.toString();
    }

    /** Appends {@code s} in double quotes with Go escapes. */
    public static void appendQuoted(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0b -> out.append("\\v");
                default -> {
                    if (cp <= 0xFFFF && Character.isSurrogate((char) cp)) {
                        // An unpaired surrogate has no UTF-8 form; write the replacement character.
                        out.append('\uFFFD');
                    } else if (isPrintable(cp)) {
                        out.appendCodePoint(cp);
                    } else if (cp < 0x80) {
                        out.append("\\x").append(HEX[cp >> 4]).append(HEX[cp & 0xf]);
                    } else if (cp < 0x10000) {
                        appendHex(out.append("\\u"), cp, 4);
                    } else {
                        appendHex(out.append("\\U"), cp, 8);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Removes the quotes of a PromQL string literal and decodes its escapes. Double- and
     * single-quoted strings take Go escapes ({@code \n}, {@code \x41}, {@code \u00e9}, octal
     * {@code \101}, the own quote); backquoted strings are raw. Byte escapes ({@code \x},
     * octal) are bytes of the UTF-8 encoding, as in Go.
     *
     * @throws IllegalArgumentException if the literal is malformed
     */
    public static String unquote(String literal) {
        if (literal.length() < 2) {
            throw new IllegalArgumentException("invalid string literal: " + literal);
        }
        char quote = literal.charAt(0);
        if (literal.charAt(literal.length() - 1) != quote || (quote != '"' && quote != '\'' && quote != '`')) {
            throw new IllegalArgumentException("invalid string literal: " + literal);
        }
        String body = literal.substring(1, literal.length() - 1);
        if (quote == '`' || body.indexOf('\\') < 0) {
            return body;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length());
        for (int i = 0; i < body.length(); ) {
            char c = body.charAt(i);
            if (c != '\\') {
                int cp = body.codePointAt(i);
                i += Character.charCount(cp);
                writeUtf8(bytes, cp);
                continue;
            }
            if (i + 1 >= body.length()) {
                throw new IllegalArgumentException("escape sequence not terminated in " + literal);
            }
            char e = body.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> bytes.write(0x07);
                case 'b' -> bytes.write('\b');
                case 'f' -> bytes.write('\f');
                case 'n' -> bytes.write('\n');
                case 'r' -> bytes.write('\r');
                case 't' -> bytes.write('\t');
                case 'v' -> bytes.write(0x0b);
                case '\\', '\'', '"' -> bytes.write(e);
                case 'x' -> {
                    bytes.write(Integer.parseInt(body.substring(i, i + 2), 16));
                    i += 2;
                }
                case 'u' -> {
                    writeUtf8(bytes, Integer.parseInt(body.substring(i, i + 4), 16));
                    i += 4;
                }
                case 'U' -> {
                    writeUtf8(bytes, Integer.parseInt(body.substring(i, i + 8), 16));
                    i += 8;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        bytes.write(Integer.parseInt(body.substring(i - 1, i + 2), 8));
                        i += 2;
                    } else {
                        throw new IllegalArgumentException("unknown escape sequence \\" + e + " in " + literal);
                    }
                }
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static void writeUtf8(ByteArrayOutputStream out, int cp) {
        byte[] encoded = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        out.write(encoded, 0, encoded.length);
    }

    private static void appendHex(StringBuilder out, int value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(HEX[(value >> shift) & 0xf]);
        }
    }

    /** Mirrors Go's {@code unicode.IsPrint}: graphic characters plus the ASCII space. */
    private static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }
}
