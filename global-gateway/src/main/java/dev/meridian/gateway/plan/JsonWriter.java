package dev.meridian.gateway.plan;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes compact JSON (RFC 8259) for the plan and the coverage block, without a JSON library.
 * Strings are escaped as RFC 8259 requires: {@code "} and {@code \}, and every control character
 * below U+0020 ({@code \n}, {@code \t}, ... and {@code \}{@code u00XX} for the rest); U+2028 and
 * U+2029 too, so the output is also valid JavaScript. The writer inserts commas itself and checks
 * that names appear exactly where an object expects them.
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    /** Per open container: whether it is an object, and whether it has an element yet. */
    private final Deque<boolean[]> open = new ArrayDeque<>();
    private boolean afterName;

    public JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        open.push(new boolean[] {true, false});
        return this;
    }

    public JsonWriter endObject() {
        end(true, '}');
        return this;
    }

    public JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        open.push(new boolean[] {false, false});
        return this;
    }

    public JsonWriter endArray() {
        end(false, ']');
        return this;
    }

    /** The name of the next member of the enclosing object. */
    public JsonWriter name(String name) {
        requireNonNull(name, "name is null");
        boolean[] top = open.peek();
        if (top == null || !top[0] || afterName) {
            throw new IllegalStateException("a name must be inside an object, before a value: " + name);
        }
        if (top[1]) {
            out.append(',');
        }
        top[1] = true;
        appendString(out, name);
        out.append(':');
        afterName = true;
        return this;
    }

    public JsonWriter value(String value) {
        beforeValue();
        if (value == null) {
            out.append("null");
        } else {
            appendString(out, value);
        }
        return this;
    }

    public JsonWriter value(long value) {
        beforeValue();
        out.append(value);
        return this;
    }

    /** A finite number in plain notation ({@code 15.2}, never {@code 1.5E7}). */
    public JsonWriter value(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON has no non-finite numbers (got: " + value + ")");
        }
        beforeValue();
        out.append(BigDecimal.valueOf(value).stripTrailingZeros().toPlainString());
        return this;
    }

    public JsonWriter value(boolean value) {
        beforeValue();
        out.append(value);
        return this;
    }

    /** The JSON written so far; complete once every container was closed. */
    @Override
    public String toString() {
        return out.toString();
    }

    /** {@code s} as a JSON string literal, quotes included. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        appendString(b, s);
        return b.toString();
    }

    private void beforeValue() {
        boolean[] top = open.peek();
        if (top != null && top[0]) {
            if (!afterName) {
                throw new IllegalStateException("a value inside an object needs a name first");
            }
        } else if (top != null) {
            if (top[1]) {
                out.append(',');
            }
            top[1] = true;
        } else if (out.length() > 0) {
            throw new IllegalStateException("only one top-level value");
        }
        afterName = false;
    }

    private void end(boolean object, char close) {
        boolean[] top = open.peek();
        if (top == null || top[0] != object || afterName) {
            throw new IllegalStateException("unbalanced " + close);
        }
        open.pop();
        out.append(close);
    }

    private static void appendString(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
