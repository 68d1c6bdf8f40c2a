package dev.meridian.storage.series;

/**
 * Limits on a series' labels, enforced on every write.
 *
 * @param maxLabels most labels per series, the metric name included
 * @param maxNameBytes longest label name, in UTF-8 bytes
 * @param maxValueBytes longest label value, in UTF-8 bytes
 */
public record SeriesLimits(int maxLabels, int maxNameBytes, int maxValueBytes) {
    public static final SeriesLimits DEFAULT = new SeriesLimits(64, 256, 4096);

    public SeriesLimits {
        if (maxLabels <= 0) {
            throw new IllegalArgumentException("maxLabels must be > 0 (got: " + maxLabels + ")");
        }
        if (maxNameBytes <= 0) {
            throw new IllegalArgumentException("maxNameBytes must be > 0 (got: " + maxNameBytes + ")");
        }
        if (maxValueBytes <= 0) {
            throw new IllegalArgumentException("maxValueBytes must be > 0 (got: " + maxValueBytes + ")");
        }
    }
}
