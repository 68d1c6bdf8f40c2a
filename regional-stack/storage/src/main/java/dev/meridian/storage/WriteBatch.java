package dev.meridian.storage;

import static java.util.Objects.requireNonNull;

import dev.meridian.storage.series.SeriesLabels;
import java.util.Arrays;

/**
 * Samples for many series, to write into one namespace: entries of (series, samples), held in
 * flat arrays so that a large batch costs few objects. An entry's samples must be in time order.
 * Not thread-safe; build it, then hand it to {@link Storage#write}.
 */
public final class WriteBatch {
    private SeriesLabels[] series = new SeriesLabels[16];
    private int[] firstSample = new int[17];
    private long[] timestamps = new long[16];
    private double[] values = new double[16];
    private int entries;
    private int samples;

    /** Adds an entry with one sample. */
    public WriteBatch add(SeriesLabels labels, long timestamp, double value) {
        startEntry(labels);
        addSample(timestamp, value);
        return this;
    }

    /** Adds an entry with {@code count} samples from the arrays. */
    public WriteBatch add(SeriesLabels labels, long[] ts, double[] vs, int count) {
        if (count <= 0 || count > ts.length || count > vs.length) {
            throw new IllegalArgumentException("count must be in [1, " + Math.min(ts.length, vs.length) + "] (got: " + count + ")");
        }
        startEntry(labels);
        for (int i = 0; i < count; i++) {
            addSample(ts[i], vs[i]);
        }
        return this;
    }

    /** Appends every entry of {@code other}, in order (a coordinator merges shards' batches per node). */
    public WriteBatch addAll(WriteBatch other) {
        requireNonNull(other, "other is null");
        for (int e = 0; e < other.entries; e++) {
            startEntry(other.series[e]);
            for (int i = other.firstSample[e]; i < other.firstSample[e + 1]; i++) {
                addSample(other.timestamps[i], other.values[i]);
            }
        }
        return this;
    }

    private void startEntry(SeriesLabels labels) {
        requireNonNull(labels, "labels is null");
        if (entries == series.length) {
            series = Arrays.copyOf(series, entries * 2);
            firstSample = Arrays.copyOf(firstSample, entries * 2 + 1);
        }
        series[entries] = labels;
        firstSample[entries] = samples;
        entries++;
        firstSample[entries] = samples;
    }

    private void addSample(long t, double v) {
        if (samples == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, samples * 2);
            values = Arrays.copyOf(values, samples * 2);
        }
        timestamps[samples] = t;
        values[samples] = v;
        samples++;
        firstSample[entries] = samples;
    }

    /** Number of entries (series). */
    public int size() {
        return entries;
    }

    /** Number of samples over all entries. */
    public int sampleCount() {
        return samples;
    }

    public SeriesLabels labels(int entry) {
        return series[entry];
    }

    /** Index of the entry's first sample in {@link #timestamp(int)} / {@link #value(int)}. */
    public int firstSample(int entry) {
        return firstSample[entry];
    }

    /** One past the index of the entry's last sample. */
    public int endSample(int entry) {
        return firstSample[entry + 1];
    }

    public long timestamp(int sample) {
        return timestamps[sample];
    }

    public double value(int sample) {
        return values[sample];
    }

    /** Empties the batch for reuse, keeping its arrays. */
    public void clear() {
        Arrays.fill(series, 0, entries, null);
        entries = 0;
        samples = 0;
        firstSample[0] = 0;
    }
}
