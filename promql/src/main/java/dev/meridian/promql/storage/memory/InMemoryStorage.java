package dev.meridian.promql.storage.memory;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.ArraySampleIterator;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.Queryable;
import dev.meridian.promql.storage.SampleIterator;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.storage.Series;
import dev.meridian.promql.storage.SeriesSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A {@link Queryable} that keeps every sample in memory, for tests, benchmarks and the promqltest
 * runner. Writes go through an {@link Appender} and become visible atomically per series on
 * {@link Appender#commit()}; readers see immutable sample arrays, so queries never copy data.
 */
public final class InMemoryStorage implements Queryable {
    private final ConcurrentSkipListMap<Labels, SampleArrays> series = new ConcurrentSkipListMap<>();

    /** Starts a batch of writes. */
    public Appender appender() {
        return new Appender();
    }

    /** Number of series stored. */
    public int seriesCount() {
        return series.size();
    }

    /** Removes every series. */
    public void clear() {
        series.clear();
    }

    @Override
    public Querier querier(long mint, long maxt) {
        return new MemoryQuerier(mint, maxt);
    }

    /** Collects samples and publishes them on {@link #commit()}. Not thread-safe. */
    public final class Appender {
        private final Map<Labels, List<long[]>> timestamps = new HashMap<>();
        private final Map<Labels, List<double[]>> values = new HashMap<>();
        private final Map<Labels, int[]> counts = new HashMap<>();

        private Appender() {}

        /** Adds one sample; samples of a series may arrive in any order. */
        public Appender add(Labels labels, long timestamp, double value) {
            requireNonNull(labels, "labels is null");
            if (labels.isEmpty()) {
                throw new IllegalArgumentException("a series needs at least one label");
            }
            List<long[]> ts = timestamps.computeIfAbsent(labels, k -> new ArrayList<>());
            List<double[]> vs = values.computeIfAbsent(labels, k -> new ArrayList<>());
            int[] count = counts.computeIfAbsent(labels, k -> new int[1]);
            int block = count[0] / 1024;
            int offset = count[0] % 1024;
            if (block == ts.size()) {
                ts.add(new long[1024]);
                vs.add(new double[1024]);
            }
            ts.get(block)[offset] = timestamp;
            vs.get(block)[offset] = value;
            count[0]++;
            return this;
        }

        /**
         * Publishes the batch. A sample whose timestamp already exists in its series replaces the
         * stored value.
         */
        public void commit() {
            for (Map.Entry<Labels, int[]> entry : counts.entrySet()) {
                Labels labels = entry.getKey();
                int count = entry.getValue()[0];
                long[] ts = new long[count];
                double[] vs = new double[count];
                List<long[]> tsBlocks = timestamps.get(labels);
                List<double[]> vsBlocks = values.get(labels);
                for (int i = 0; i < count; i += 1024) {
                    int n = Math.min(1024, count - i);
                    System.arraycopy(tsBlocks.get(i / 1024), 0, ts, i, n);
                    System.arraycopy(vsBlocks.get(i / 1024), 0, vs, i, n);
                }
                SampleArrays added = SampleArrays.sorted(ts, vs);
                series.merge(labels, added, SampleArrays::merge);
            }
            timestamps.clear();
            values.clear();
            counts.clear();
        }
    }

    /** Immutable, time-sorted samples of one series with unique timestamps. */
    private record SampleArrays(long[] timestamps, double[] values) {
        static SampleArrays sorted(long[] ts, double[] vs) {
            Integer[] order = new Integer[ts.length];
            boolean sorted = true;
            for (int i = 0; i < ts.length; i++) {
                order[i] = i;
                if (i > 0 && ts[i] <= ts[i - 1]) {
                    sorted = false;
                }
            }
            if (sorted) {
                return new SampleArrays(ts, vs);
            }
            // Stable sort, so for equal timestamps the value added last wins below.
            Arrays.sort(order, (a, b) -> Long.compare(ts[a], ts[b]));
            long[] outT = new long[ts.length];
            double[] outV = new double[ts.length];
            int n = 0;
            for (int index : order) {
                if (n > 0 && outT[n - 1] == ts[index]) {
                    outV[n - 1] = vs[index];
                } else {
                    outT[n] = ts[index];
                    outV[n] = vs[index];
                    n++;
                }
            }
            return new SampleArrays(Arrays.copyOf(outT, n), Arrays.copyOf(outV, n));
        }

        /** Merges newer samples into older ones; newer values win on equal timestamps. */
        static SampleArrays merge(SampleArrays older, SampleArrays newer) {
            long[] t = new long[older.timestamps.length + newer.timestamps.length];
            double[] v = new double[t.length];
            int i = 0;
            int j = 0;
            int n = 0;
            while (i < older.timestamps.length || j < newer.timestamps.length) {
                if (j == newer.timestamps.length
                        || (i < older.timestamps.length && older.timestamps[i] < newer.timestamps[j])) {
                    t[n] = older.timestamps[i];
                    v[n++] = older.values[i++];
                } else {
                    if (i < older.timestamps.length && older.timestamps[i] == newer.timestamps[j]) {
                        i++;
                    }
                    t[n] = newer.timestamps[j];
                    v[n++] = newer.values[j++];
                }
            }
            return new SampleArrays(Arrays.copyOf(t, n), Arrays.copyOf(v, n));
        }
    }

    private final class MemoryQuerier implements Querier {
        private final long mint;
        private final long maxt;

        MemoryQuerier(long mint, long maxt) {
            this.mint = mint;
            this.maxt = maxt;
        }

        @Override
        public SeriesSet select(SelectHints hints, List<LabelMatcher> matchers) {
            List<Series> selected = new ArrayList<>();
            for (Map.Entry<Labels, SampleArrays> entry : series.entrySet()) {
                if (matchesAll(entry.getKey(), matchers)) {
                    SampleArrays samples = entry.getValue();
                    int from = lowerBound(samples.timestamps, mint);
                    int to = lowerBound(samples.timestamps, maxt == Long.MAX_VALUE ? maxt : maxt + 1);
                    if (from < to) {
                        selected.add(new MemorySeries(entry.getKey(), samples, from, to));
                    }
                }
            }
            return SeriesSet.of(selected);
        }

        @Override
        public List<String> labelNames(List<LabelMatcher> matchers) {
            TreeSet<String> names = new TreeSet<>(Labels.NAME_ORDER);
            for (Labels labels : series.keySet()) {
                if (matchesAll(labels, matchers)) {
                    for (int i = 0; i < labels.size(); i++) {
                        names.add(labels.name(i));
                    }
                }
            }
            return List.copyOf(names);
        }

        @Override
        public List<String> labelValues(String name, List<LabelMatcher> matchers) {
            TreeSet<String> result = new TreeSet<>(Labels.NAME_ORDER);
            for (Labels labels : series.keySet()) {
                if (labels.has(name) && matchesAll(labels, matchers)) {
                    result.add(labels.get(name));
                }
            }
            return List.copyOf(result);
        }

        @Override
        public void close() {}
    }

    private static boolean matchesAll(Labels labels, List<LabelMatcher> matchers) {
        for (LabelMatcher matcher : matchers) {
            if (!matcher.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** First index whose timestamp is {@code >= t}. */
    private static int lowerBound(long[] timestamps, long t) {
        int lo = 0;
        int hi = timestamps.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (timestamps[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private record MemorySeries(Labels labels, SampleArrays samples, int from, int to) implements Series {
        @Override
        public SampleIterator iterator() {
            return new ArraySampleIterator(samples.timestamps, samples.values, from, to);
        }
    }
}
