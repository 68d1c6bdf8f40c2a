package dev.meridian.api;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.syntax.Quoting;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The request parameters as Go's {@code http.Request} gives them to Prometheus' handlers
 * ({@code r.Form}, {@code r.FormValue}): the pairs of an {@code application/x-www-form-urlencoded}
 * POST body first, then those of the URL query, each decoded as {@code url.ParseQuery} does.
 *
 * <p>Decoding: pairs are split at {@code &}; a pair holding {@code ;} is dropped with the error
 * {@code invalid semicolon separator in query}; {@code +} is a space and {@code %XX} a byte; a pair
 * with a bad escape is dropped with the error {@code invalid URL escape "%zz"}. Like Go, parsing
 * goes on after an error; {@link #error()} holds it (the last semicolon error, else the first
 * escape error), which only {@code /api/v1/series} reports. Bytes that are not UTF-8 become U+FFFD.
 */
public final class FormParams {
    private final Map<String, List<String>> values;
    private final String error;

    private FormParams(Map<String, List<String>> values, String error) {
        this.values = values;
        this.error = error;
    }

    /**
     * The parameters of a request.
     *
     * @param rawQuery the URL's query, still percent-encoded, or null
     * @param formBody the body if the request is a POST of {@code application/x-www-form-urlencoded}, else null
     */
    public static FormParams of(String rawQuery, String formBody) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        String bodyError = formBody == null ? null : parse(formBody, values);
        String queryError = rawQuery == null ? null : parse(rawQuery, values);
        return new FormParams(values, bodyError != null ? bodyError : queryError);
    }

    /** The first value of {@code name}, or {@code ""} (Go's {@code FormValue}). */
    public String value(String name) {
        List<String> all = values.get(name);
        return all == null ? "" : all.get(0);
    }

    /** Every value of {@code name}, body values first. */
    public List<String> values(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** The error {@code ParseForm} would return, e.g. {@code invalid URL escape "%zz"}. */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** Go's {@code url.parseQuery}: adds the pairs of {@code query} to {@code into}, returns its error or null. */
    private static String parse(String query, Map<String, List<String>> into) {
        requireNonNull(query, "query is null");
        String error = null;
        int start = 0;
        while (start <= query.length()) {
            int amp = query.indexOf('&', start);
            int end = amp < 0 ? query.length() : amp;
            String pair = query.substring(start, end);
            start = end + 1;
            if (pair.indexOf(';') >= 0) {
                error = "invalid semicolon separator in query";
            } else if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                try {
                    String k = unescape(key);
                    String v = unescape(value);
                    into.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
                } catch (IllegalArgumentException e) {
                    if (error == null) {
                        error = e.getMessage();
                    }
                }
            }
            if (amp < 0) {
                break;
            }
        }
        return error;
    }

    /** Go's {@code url.QueryUnescape}. */
    static String unescape(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '%') {
                if (i + 2 >= bytes.length || hex(bytes[i + 1]) < 0 || hex(bytes[i + 2]) < 0) {
                    int end = Math.min(bytes.length, i + 3);
                    String bad = new String(bytes, i, end - i, StandardCharsets.UTF_8);
                    throw new IllegalArgumentException("invalid URL escape " + Quoting.quote(bad));
                }
                out.write(hex(bytes[i + 1]) << 4 | hex(bytes[i + 2]));
                i += 2;
            } else if (b == '+') {
                out.write(' ');
            } else {
                out.write(b);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
