package dev.meridian.api;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One extra top-level field of a response's JSON envelope, which a backend adds to what Prometheus
 * answers: e.g. the gateway's per-region {@code "coverage"} block. {@link PrometheusApi} writes the
 * fields after {@code data} (or {@code errorType}/{@code error}) and {@code warnings}, in the order
 * given:
 *
 * <pre>
 * {"status":"success","data":…,"warnings":["…"],"coverage":[{"region":"eu","status":"ok"}]}
 * {"status":"error","errorType":"timeout","error":"…","coverage":[…]}
 * </pre>
 *
 * Clients that know only Prometheus' shape (Grafana) ignore fields they do not know.
 *
 * @param name the field's name, written JSON-escaped; not empty and not one of the envelope's own
 *     names ({@code status}, {@code data}, {@code error}, {@code errorType}, {@code warnings})
 * @param json the field's value: one complete JSON value, written as is (it is not parsed, so the
 *     backend that builds it answers for its syntax)
 */
public record ResponseField(String name, String json) {
    /** The names Prometheus' envelope uses itself. */
    public static final Set<String> RESERVED_NAMES = Set.of("status", "data", "error", "errorType", "warnings");

    public ResponseField {
        requireNonNull(name, "name is null");
        requireNonNull(json, "json is null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("response field name must not be empty");
        }
        if (RESERVED_NAMES.contains(name)) {
            throw new IllegalArgumentException("response field name must not be one of the envelope's own names "
                    + RESERVED_NAMES + " (got: \"" + name + "\")");
        }
        if (json.isBlank()) {
            throw new IllegalArgumentException("response field \"" + name + "\" must have a JSON value (got: \"" + json + "\")");
        }
    }

    /**
     * An immutable copy of {@code fields}.
     *
     * @throws IllegalArgumentException if two fields have the same name (the envelope would hold a
     *     duplicate key)
     */
    static List<ResponseField> copyOfDistinct(List<ResponseField> fields) {
        List<ResponseField> copy = List.copyOf(requireNonNull(fields, "fields is null"));
        Set<String> names = new HashSet<>();
        for (ResponseField field : copy) {
            if (!names.add(field.name())) {
                throw new IllegalArgumentException("response fields must have distinct names (got: \"" + field.name()
                        + "\" twice)");
            }
        }
        return copy;
    }
}
