package dev.meridian.promql.differential;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one evaluation gave, in a shape both Prometheus' JSON and our {@code Value}s convert to:
 * either a failure or a result of a type with series of points.
 */
sealed interface Outcome {
    /**
     * The evaluation failed.
     *
     * @param kind Prometheus' {@code errorType} ({@code bad_data}, {@code execution}, ...) or our
     *     {@code ErrorCode}, or the exception class for anything else
     */
    record Failure(String kind, String message) implements Outcome {
        public Failure {
            requireNonNull(kind, "kind is null");
            requireNonNull(message, "message is null");
        }

        @Override
        public String toString() {
            return "error " + kind + ": " + message;
        }
    }

    /**
     * The evaluation succeeded.
     *
     * @param type {@code vector}, {@code matrix}, {@code scalar} or {@code string}, as Prometheus'
     *     {@code resultType}
     * @param series in the order they were returned; a scalar is one series without labels
     * @param string the value of a string result, else null
     */
    record Success(String type, List<ResultSeries> series, String string) implements Outcome {
        public Success {
            requireNonNull(type, "type is null");
            series = List.copyOf(series);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(type);
            if (string != null) {
                out.append(" \"").append(string).append('"');
            }
            out.append(" (").append(series.size()).append(" series)");
            for (ResultSeries s : series) {
                out.append("\n      ").append(s);
            }
            return out.toString();
        }
    }

    /** Labels and points of one result series. */
    record ResultSeries(SortedMap<String, String> labels, long[] timestamps, double[] values) {
        public ResultSeries {
            labels = new TreeMap<>(requireNonNull(labels, "labels is null"));
            requireNonNull(timestamps, "timestamps is null");
            requireNonNull(values, "values is null");
            if (timestamps.length != values.length) {
                throw new IllegalArgumentException("timestamps and values differ in length");
            }
        }

        String labelsText() {
            return labels.toString();
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(labels.toString()).append(" =>");
            int shown = Math.min(values.length, 40);
            for (int i = 0; i < shown; i++) {
                out.append(' ').append(values[i]).append(" @").append(timestamps[i]);
            }
            if (shown < values.length) {
                out.append(" ... (").append(values.length).append(" points)");
            }
            return out.toString();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ResultSeries other && labels.equals(other.labels)
                    && Arrays.equals(timestamps, other.timestamps) && Arrays.equals(values, other.values);
        }

        @Override
        public int hashCode() {
            return labels.hashCode();
        }
    }
}
