package dev.meridian.coordinator.querycmp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the JSON bodies of Prometheus' {@code /api/v1/query} and {@code /api/v1/query_range}
 * (https://prometheus.io/docs/prometheus/latest/querying/api/#expression-query-result-formats):
 *
 * <pre>
 * {"status":"success","data":{"resultType":"matrix","result":[{"metric":{...},"values":[[t,"v"],...]}]}}
 * {"status":"success","data":{"resultType":"vector","result":[{"metric":{...},"value":[t,"v"]}]}}
 * {"status":"success","data":{"resultType":"scalar","result":[t,"v"]}}
 * {"status":"success","data":{"resultType":"string","result":[t,"text"]}}
 * {"status":"error","errorType":"bad_data","error":"..."}
 * </pre>
 *
 * Times are Unix seconds as JSON numbers with at most millisecond precision (Prometheus prints
 * {@code 1700000000.123}); they are read as decimals, so they convert to milliseconds exactly.
 * Values are strings: Go's shortest decimal, {@code NaN}, {@code +Inf} or {@code -Inf}.
 * {@code warnings} are ignored. Native histogram points ({@code histogram}/{@code histograms},
 * experimental in 2.42 and off by default) are not supported and make the body malformed.
 */
final class ResponseParser {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private ResponseParser() {}

    static QueryResponse parse(String body) throws MalformedResponseException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedResponseException("not JSON: " + abbreviate(body), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedResponseException("not a JSON object: " + abbreviate(body));
        }
        String status = root.path("status").asText("");
        switch (status) {
            case "error" -> {
                return new QueryResponse.ApiError(root.path("errorType").asText(""), root.path("error").asText(""));
            }
            case "success" -> {
                return data(root.path("data"));
            }
            default -> throw new MalformedResponseException("\"status\" must be \"success\" or \"error\" (got: "
                    + root.path("status") + ")");
        }
    }

    private static QueryResponse data(JsonNode data) throws MalformedResponseException {
        ResultType type;
        try {
            type = ResultType.fromApiName(data.path("resultType").asText(""));
        } catch (IllegalArgumentException e) {
            throw new MalformedResponseException(e.getMessage(), e);
        }
        JsonNode result = data.path("result");
        if (!result.isArray()) {
            throw new MalformedResponseException("\"data.result\" must be an array (got: " + abbreviate(result.toString()) + ")");
        }
        return switch (type) {
            case STRING -> {
                requirePair(result, "string result");
                if (!result.get(1).isTextual()) {
                    throw new MalformedResponseException("a string result's value must be a JSON string (got: " + result.get(1) + ")");
                }
                yield new QueryResponse.Text(millis(result.get(0)), result.get(1).asText());
            }
            case SCALAR -> new QueryResponse.Samples(type, List.of(new Series(Map.of(), List.of(point(result)))));
            case VECTOR -> {
                List<Series> series = new ArrayList<>();
                for (JsonNode element : result) {
                    rejectHistograms(element);
                    series.add(new Series(labels(element), List.of(point(element.path("value")))));
                }
                yield new QueryResponse.Samples(type, series);
            }
            case MATRIX -> {
                List<Series> series = new ArrayList<>();
                for (JsonNode element : result) {
                    rejectHistograms(element);
                    JsonNode values = element.path("values");
                    if (!values.isArray()) {
                        throw new MalformedResponseException("a matrix series needs a \"values\" array (got: "
                                + abbreviate(element.toString()) + ")");
                    }
                    List<Point> points = new ArrayList<>(values.size());
                    for (JsonNode value : values) {
                        points.add(point(value));
                    }
                    series.add(new Series(labels(element), points));
                }
                yield new QueryResponse.Samples(type, series);
            }
        };
    }

    private static void rejectHistograms(JsonNode element) throws MalformedResponseException {
        if (element.has("histogram") || element.has("histograms")) {
            throw new MalformedResponseException("native histogram samples are not supported: " + abbreviate(element.toString()));
        }
    }

    private static TreeMap<String, String> labels(JsonNode element) throws MalformedResponseException {
        JsonNode metric = element.path("metric");
        if (!metric.isObject()) {
            throw new MalformedResponseException("a series needs a \"metric\" object (got: " + abbreviate(element.toString()) + ")");
        }
        TreeMap<String, String> labels = new TreeMap<>();
        for (Map.Entry<String, JsonNode> label : metric.properties()) {
            if (!label.getValue().isTextual()) {
                throw new MalformedResponseException("label " + label.getKey() + " must be a string (got: " + label.getValue() + ")");
            }
            labels.put(label.getKey(), label.getValue().asText());
        }
        return labels;
    }

    /** {@code [<unix seconds>, "<value>"]}. */
    private static Point point(JsonNode pair) throws MalformedResponseException {
        requirePair(pair, "sample");
        return new Point(millis(pair.get(0)), value(pair.get(1)));
    }

    private static void requirePair(JsonNode pair, String what) throws MalformedResponseException {
        if (!pair.isArray() || pair.size() != 2) {
            throw new MalformedResponseException("a " + what + " must be [<time>, \"<value>\"] (got: " + abbreviate(pair.toString()) + ")");
        }
    }

    private static long millis(JsonNode seconds) throws MalformedResponseException {
        if (!seconds.isNumber()) {
            throw new MalformedResponseException("a timestamp must be a JSON number of seconds (got: " + seconds + ")");
        }
        BigDecimal millis = seconds.decimalValue().movePointRight(3);
        try {
            return millis.longValueExact();
        } catch (ArithmeticException e) {
            throw new MalformedResponseException("a timestamp must be whole milliseconds (got: " + seconds + ")", e);
        }
    }

    /** A sample value: a JSON string holding a float, {@code NaN}, {@code +Inf} or {@code -Inf}. */
    static double value(JsonNode node) throws MalformedResponseException {
        if (!node.isTextual()) {
            throw new MalformedResponseException("a sample value must be a JSON string (got: " + node + ")");
        }
        String text = node.asText();
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new MalformedResponseException("a sample value must be a number, NaN, +Inf or -Inf (got: \""
                            + text + "\")", e);
                }
            }
        };
    }

    static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }
}
