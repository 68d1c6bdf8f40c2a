package dev.meridian.coordinator.querycmp;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What one endpoint answered to one query: data, an API error, or no usable answer at all.
 *
 * <p>Prometheus' HTTP API answers {@code {"status":"success","data":{"resultType":...,"result":...}}}
 * or {@code {"status":"error","errorType":...,"error":...}}; {@link ResponseParser} reads both.
 */
public sealed interface QueryResponse {

    /**
     * A matrix, vector or scalar. A scalar is one series with no labels and one point, so that
     * all three compare the same way.
     */
    record Samples(ResultType type, List<Series> series) implements QueryResponse {
        public Samples {
            requireNonNull(type, "type is null");
            if (type == ResultType.STRING) {
                throw new IllegalArgumentException("a string result is a Text, not Samples");
            }
            series = List.copyOf(series);
        }
    }

    /** A string result: {@code [<time>, "<text>"]}. */
    record Text(long timestampMillis, String value) implements QueryResponse {
        public Text {
            requireNonNull(value, "value is null");
        }
    }

    /** The endpoint answered {@code "status":"error"}, e.g. {@code bad_data} for a query that does not parse. */
    record ApiError(String errorType, String message) implements QueryResponse {
        public ApiError {
            requireNonNull(errorType, "errorType is null");
            requireNonNull(message, "message is null");
        }
    }

    /**
     * No usable answer: the endpoint could not be reached, timed out, or sent something that is
     * not a Prometheus API response. {@code reason} says which and names the endpoint.
     */
    record Unanswered(String reason) implements QueryResponse {
        public Unanswered {
            requireNonNull(reason, "reason is null");
        }
    }
}
