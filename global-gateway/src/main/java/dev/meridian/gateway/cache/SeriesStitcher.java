package dev.meridian.gateway.cache;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.value.RangeSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cuts series to a range of steps, and joins the series of consecutive windows back into one
 * result: series merged by labels, points appended in window order, series in label order.
 */
final class SeriesStitcher {
    private final Map<Labels, Points> series = new TreeMap<>();

    /** Each series with only its points in {@code [first, last]}; series left without any are dropped. */
    static List<RangeSeries> slice(List<RangeSeries> all, long first, long last) {
        List<RangeSeries> sliced = new ArrayList<>(all.size());
        for (RangeSeries s : all) {
            int from = 0;
            while (from < s.size() && s.timestamp(from) < first) {
                from++;
            }
            int to = from;
            while (to < s.size() && s.timestamp(to) <= last) {
                to++;
            }
            if (to == from) {
                continue;
            }
            if (from == 0 && to == s.size()) {
                sliced.add(s);
                continue;
            }
            long[] timestamps = new long[to - from];
            double[] values = new double[to - from];
            for (int i = from; i < to; i++) {
                timestamps[i - from] = s.timestamp(i);
                values[i - from] = s.value(i);
            }
            sliced.add(new RangeSeries(s.labels(), timestamps, values));
        }
        return sliced;
    }

    /** Appends a window's series; windows must be added in time order. */
    void add(List<RangeSeries> window) {
        for (RangeSeries s : window) {
            series.computeIfAbsent(s.labels(), labels -> new Points()).append(s);
        }
    }

    /** The joined series, in label order. */
    List<RangeSeries> series() {
        List<RangeSeries> out = new ArrayList<>(series.size());
        series.forEach((labels, points) -> out.add(points.build(labels)));
        return out;
    }

    private static final class Points {
        private long[] timestamps = new long[16];
        private double[] values = new double[16];
        private int size;

        void append(RangeSeries s) {
            int needed = size + s.size();
            if (needed > timestamps.length) {
                int capacity = Math.max(needed, timestamps.length * 2);
                timestamps = Arrays.copyOf(timestamps, capacity);
                values = Arrays.copyOf(values, capacity);
            }
            for (int i = 0; i < s.size(); i++) {
                timestamps[size] = s.timestamp(i);
                values[size] = s.value(i);
                size++;
            }
        }

        RangeSeries build(Labels labels) {
            return new RangeSeries(labels, Arrays.copyOf(timestamps, size), Arrays.copyOf(values, size));
        }
    }
}
