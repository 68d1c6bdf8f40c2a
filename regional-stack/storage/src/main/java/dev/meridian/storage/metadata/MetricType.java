package dev.meridian.storage.metadata;

/**
 * The metric types of Prometheus' exposition formats. {@link #ordinal()} is the type's number in
 * remote.proto ({@code MetricMetadata.MetricType}) and node.proto ({@code MetricType}), and its
 * byte in the metadata file (docs/format/metadata.md), so the order must never change.
 */
public enum MetricType {
    UNKNOWN,
    COUNTER,
    GAUGE,
    HISTOGRAM,
    GAUGEHISTOGRAM,
    SUMMARY,
    INFO,
    STATESET;

    private static final MetricType[] BY_NUMBER = values();

    /**
     * The type with wire number {@code number}.
     *
     * @throws IllegalArgumentException naming the number if no type has it
     */
    public static MetricType ofNumber(int number) {
        if (number < 0 || number >= BY_NUMBER.length) {
            throw new IllegalArgumentException("unknown metric type number " + number + " (expected 0-"
                    + (BY_NUMBER.length - 1) + ")");
        }
        return BY_NUMBER[number];
    }
}
