package dev.meridian.api;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.syntax.Numbers;
import dev.meridian.promql.value.Matrix;
import dev.meridian.promql.value.RangeSeries;
import dev.meridian.promql.value.Sample;
import dev.meridian.promql.value.Scalar;
import dev.meridian.promql.value.StringValue;
import dev.meridian.promql.value.Value;
import dev.meridian.promql.value.Vector;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of the query API, byte for byte as Prometheus 2.42 writes them (Go's
 * {@code encoding/json} and json-iterator as configured in {@code web/api/v1/api.go}).
 *
 * <pre>
 * success: {"status":"success","data":&lt;data&gt;,"warnings":["..."]}      (warnings only if any)
 * error:   {"status":"error","errorType":"bad_data","error":"&lt;message&gt;"}
 * either, with extra fields ({@link ResponseField}) at the end: {…,"warnings":[…],"coverage":[…]}
 * query data: {"resultType":"vector","result":[{"metric":{"job":"api"},"value":[1700000000.5,"1"]}]}
 *             {"resultType":"matrix","result":[{"metric":{…},"values":[[1700000000,"1"],…]}]}
 *             {"resultType":"scalar","result":[1700000000.5,"1"]}
 *             {"resultType":"string","result":[1700000000.5,"text"]}
 * </pre>
 *
 * Numbers as 2.42 writes them:
 *
 * <ul>
 *   <li>a vector or matrix point's time: Unix seconds with the milliseconds as a three-digit
 *       fraction when there are any ({@code 1700000000}, {@code 1.500}, {@code -1.500});
 *   <li>a scalar's or string's time: the shortest decimal of {@code ms / 1000.0}
 *       ({@code 1.5});
 *   <li>a vector or matrix value: a string, Go's {@code FormatFloat(v, 'f', -1, 64)}
 *       ({@code "0.25"}), but with an exponent ({@code 'e'}) below 1e-6 or from 1e21 on
 *       ({@code "1e-07"}, {@code "1.5e+22"}); {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"};
 *   <li>a scalar value: always {@code 'f'} ({@code "0.0000001"}).
 * </ul>
 *
 * Strings are escaped as Go's {@code encoding/json} with HTML escaping does: {@code \"}, {@code \\},
 * {@code \n}, {@code \r}, {@code \t}, other control characters and {@code < > &} as
 * <code>&#92;u00XX</code>, U+2028 and U+2029 as <code>&#92;u2028</code>/<code>&#92;u2029</code>, and unpaired surrogates
 * (invalid UTF-8 in Go) as <code>&#92;ufffd</code>. Label sets are objects with the names in label order.
 */
public final class ApiJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ApiJson() {}

    /** {@code {"status":"error","errorType":…,"error":…}}. */
    public static String error(ApiErrorType type, String message) {
        return error(type, message, List.of());
    }

    /** {@code {"status":"error","errorType":…,"error":…}} and then {@code fields}. */
    public static String error(ApiErrorType type, String message, List<ResponseField> fields) {
        StringBuilder out = new StringBuilder("{\"status\":\"error\",\"errorType\":");
        string(out, type.wireName());
        out.append(",\"error\":");
        string(out, message);
        fields(out, fields);
        return out.append('}').toString();
    }

    /** {@code {"status":"success","data":<data>}} plus {@code "warnings"} if there are any; {@code data} is JSON. */
    public static String success(CharSequence data, Collection<String> warnings) {
        return success(data, warnings, List.of());
    }

    /**
     * {@code {"status":"success","data":<data>}}, plus {@code "warnings"} if there are any, then
     * {@code fields}; {@code data} and the fields' values are JSON.
     */
    public static String success(CharSequence data, Collection<String> warnings, List<ResponseField> fields) {
        StringBuilder out = new StringBuilder(data.length() + 40).append("{\"status\":\"success\",\"data\":").append(data);
        if (!warnings.isEmpty()) {
            out.append(",\"warnings\":");
            strings(out, warnings);
        }
        fields(out, fields);
        return out.append('}').toString();
    }

    private static void fields(StringBuilder out, List<ResponseField> fields) {
        for (ResponseField field : fields) {
            out.append(',');
            string(out, field.name());
            out.append(':').append(field.json());
        }
    }

    /**
     * The data of a query: {@code {"resultType":…,"result":…}}, plus {@code "stats"} if
     * {@code stats} is not null.
     */
    public static StringBuilder queryData(Value value, QueryStats stats) {
        StringBuilder out = new StringBuilder("{\"resultType\":\"").append(value.type().apiName()).append("\",\"result\":");
        if (value instanceof Scalar s) {
            out.append('[').append(shortSeconds(s.timestamp())).append(',');
            string(out, Numbers.format(s.value()));
            out.append(']');
        } else if (value instanceof StringValue s) {
            out.append('[').append(shortSeconds(s.timestamp())).append(',');
            string(out, s.value());
            out.append(']');
        } else if (value instanceof Vector v) {
            out.append('[');
            List<Sample> samples = v.samples();
            for (int i = 0; i < samples.size(); i++) {
                Sample sample = samples.get(i);
                out.append(i == 0 ? "{\"metric\":" : ",{\"metric\":");
                labels(out, sample.labels());
                out.append(",\"value\":");
                point(out, sample.timestamp(), sample.value());
                out.append('}');
            }
            out.append(']');
        } else if (value instanceof Matrix m) {
            out.append('[');
            List<RangeSeries> series = m.series();
            for (int i = 0; i < series.size(); i++) {
                RangeSeries s = series.get(i);
                out.append(i == 0 ? "{\"metric\":" : ",{\"metric\":");
                labels(out, s.labels());
                out.append(",\"values\":[");
                for (int j = 0; j < s.size(); j++) {
                    if (j > 0) {
                        out.append(',');
                    }
                    point(out, s.timestamp(j), s.value(j));
                }
                out.append("]}");
            }
            out.append(']');
        }
        if (stats != null) {
            out.append(",\"stats\":");
            stats.appendJson(out);
        }
        return out.append('}');
    }

    /** {@code [{"__name__":"up","job":"api"},…]}. */
    public static StringBuilder labelSets(List<Labels> sets) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < sets.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            labels(out, sets.get(i));
        }
        return out.append(']');
    }

    /** {@code ["a","b"]}. */
    public static StringBuilder stringList(Collection<String> values) {
        StringBuilder out = new StringBuilder();
        strings(out, values);
        return out;
    }

    /** {@code "text"}. */
    public static StringBuilder stringValue(String value) {
        StringBuilder out = new StringBuilder();
        string(out, value);
        return out;
    }

    /** {@code {"family":[{"type":"counter","help":"…","unit":""}],…}}, families in the map's order. */
    public static StringBuilder metadata(Map<String, List<MetricMetadata>> byFamily) {
        StringBuilder out = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, List<MetricMetadata>> e : byFamily.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, e.getKey());
            out.append(":[");
            List<MetricMetadata> entries = e.getValue();
            for (int i = 0; i < entries.size(); i++) {
                MetricMetadata m = entries.get(i);
                out.append(i == 0 ? "{\"type\":" : ",{\"type\":");
                string(out, m.type().promName());
                out.append(",\"help\":");
                string(out, m.help());
                out.append(",\"unit\":");
                string(out, m.unit());
                out.append('}');
            }
            out.append(']');
        }
        return out.append('}');
    }

    /** {@code {"version":…,"revision":…,"branch":…,"buildUser":…,"buildDate":…,"goVersion":…}}. */
    public static StringBuilder buildInfo(BuildInfo info) {
        StringBuilder out = new StringBuilder("{\"version\":");
        string(out, info.version());
        out.append(",\"revision\":");
        string(out, info.revision());
        out.append(",\"branch\":");
        string(out, info.branch());
        out.append(",\"buildUser\":");
        string(out, info.buildUser());
        out.append(",\"buildDate\":");
        string(out, info.buildDate());
        out.append(",\"goVersion\":");
        string(out, info.goVersion());
        return out.append('}');
    }

    /** A vector or matrix point: {@code [1700000000.500,"1"]}. */
    static void point(StringBuilder out, long millis, double value) {
        out.append('[').append(pointSeconds(millis)).append(",\"").append(pointValue(value)).append("\"]");
    }

    /** A point's time as 2.42's {@code marshalTimestamp}: {@code 1700000000}, {@code 1.500}, {@code -1.005}. */
    static String pointSeconds(long millis) {
        StringBuilder out = new StringBuilder(20);
        if (millis < 0) {
            out.append('-');
        }
        // Unsigned, so that even Long.MIN_VALUE prints as a valid number.
        long abs = millis < 0 ? -millis : millis;
        out.append(Long.toUnsignedString(Long.divideUnsigned(abs, 1000)));
        long fraction = Long.remainderUnsigned(abs, 1000);
        if (fraction != 0) {
            out.append('.');
            if (fraction < 100) {
                out.append('0');
            }
            if (fraction < 10) {
                out.append('0');
            }
            out.append(fraction);
        }
        return out.toString();
    }

    /** A scalar's or string's time, as Go's {@code encoding/json} writes {@code float64(ms) / 1000}. */
    static String shortSeconds(long millis) {
        return Numbers.format(millis / 1000.0);
    }

    /** A vector or matrix value, as 2.42's {@code marshalValue}. */
    static String pointValue(double v) {
        double abs = Math.abs(v);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21) && !Double.isInfinite(v)) {
            return Numbers.formatExponent(v);
        }
        return Numbers.format(v);
    }

    static void labels(StringBuilder out, Labels labels) {
        out.append('{');
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            string(out, labels.name(i));
            out.append(':');
            string(out, labels.value(i));
        }
        out.append('}');
    }

    private static void strings(StringBuilder out, Collection<String> values) {
        out.append('[');
        boolean first = true;
        for (String v : values) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, v);
        }
        out.append(']');
    }

    /** A JSON string with Go's escaping. */
    static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> unicodeEscape(out, c);
                default -> {
                    if (c < 0x20) {
                        unicodeEscape(out, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        out.append("\\ufffd");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
    }
}
