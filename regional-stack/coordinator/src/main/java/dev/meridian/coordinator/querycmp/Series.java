package dev.meridian.coordinator.querycmp;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One series of an answer: its label set (sorted by name, so two sets compare equal whatever
 * order the JSON had them in) and its points in the order the endpoint sent them.
 */
public record Series(SortedMap<String, String> labels, List<Point> points) {
    public Series {
        requireNonNull(labels, "labels is null");
        requireNonNull(points, "points is null");
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        points = List.copyOf(points);
    }

    public Series(Map<String, String> labels, List<Point> points) {
        this(new TreeMap<>(labels), points);
    }

    /** The labels as PromQL writes a selector: {@code up{job="api"}}, or {@code {}} for none. */
    public String describeLabels() {
        return LabelSets.format(labels);
    }
}
