package dev.meridian.workload;

import dev.meridian.promql.syntax.Durations;

/**
 * The size of a dataset made by {@link ServiceMetricsGenerator}: how many hosts, how many samples
 * per series on which scrape grid, and the seed. Every host contributes exactly
 * {@link ServiceMetricsGenerator#SERIES_PER_HOST} series, and every series has one sample per
 * scrape at {@code startMillis + i * intervalMillis}.
 *
 * @param hosts hosts in the fleet, each running one HTTP service and one node exporter
 * @param samplesPerSeries scrapes per series
 * @param intervalMillis scrape interval in milliseconds
 * @param startMillis timestamp of the first scrape, milliseconds since the epoch
 * @param seed seed of the pseudo-random generator; the same spec always yields the same data
 */
public record DatasetSpec(int hosts, int samplesPerSeries, long intervalMillis, long startMillis, long seed) {
    /** 10,000 series: 200 hosts of 50 series each. */
    public static final int DEFAULT_HOSTS = 200;
    /** 3 hours at a 15s scrape interval. */
    public static final int DEFAULT_SAMPLES_PER_SERIES = 720;
    public static final long DEFAULT_INTERVAL_MILLIS = 15_000;
    /** 2023-11-14T22:13:20Z: any fixed time works; a round one reads well in query results. */
    public static final long DEFAULT_START_MILLIS = 1_700_000_000_000L;
    public static final long DEFAULT_SEED = 20231114L;

    public DatasetSpec {
        if (hosts <= 0) {
            throw new IllegalArgumentException("hosts must be > 0 (got: " + hosts + ")");
        }
        if (samplesPerSeries <= 0) {
            throw new IllegalArgumentException("samplesPerSeries must be > 0 (got: " + samplesPerSeries + ")");
        }
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("intervalMillis must be > 0 (got: " + intervalMillis + ")");
        }
        if (startMillis < 0) {
            throw new IllegalArgumentException("startMillis must be >= 0 (got: " + startMillis + ")");
        }
        if ((long) hosts * ServiceMetricsGenerator.SERIES_PER_HOST > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("hosts must be <= "
                    + Integer.MAX_VALUE / ServiceMetricsGenerator.SERIES_PER_HOST + " (got: " + hosts + ")");
        }
    }

    /** 10,000 series × 720 samples at 15s (3 hours), with the default start and seed. */
    public static DatasetSpec defaults() {
        return new DatasetSpec(DEFAULT_HOSTS, DEFAULT_SAMPLES_PER_SERIES, DEFAULT_INTERVAL_MILLIS,
                DEFAULT_START_MILLIS, DEFAULT_SEED);
    }

    /**
     * The smallest fleet with at least {@code series} series, {@code samplesPerSeries} samples each,
     * and the default interval, start and seed.
     */
    public static DatasetSpec ofSeries(int series, int samplesPerSeries) {
        if (series <= 0) {
            throw new IllegalArgumentException("series must be > 0 (got: " + series + ")");
        }
        int hosts = (series + ServiceMetricsGenerator.SERIES_PER_HOST - 1) / ServiceMetricsGenerator.SERIES_PER_HOST;
        return new DatasetSpec(hosts, samplesPerSeries, DEFAULT_INTERVAL_MILLIS, DEFAULT_START_MILLIS, DEFAULT_SEED);
    }

    public int seriesCount() {
        return hosts * ServiceMetricsGenerator.SERIES_PER_HOST;
    }

    public long sampleCount() {
        return (long) seriesCount() * samplesPerSeries;
    }

    /** Timestamp of scrape {@code index}. */
    public long timestamp(int index) {
        return startMillis + index * intervalMillis;
    }

    /** Timestamp of the last scrape. */
    public long endMillis() {
        return timestamp(samplesPerSeries - 1);
    }

    @Override
    public String toString() {
        return hosts + " hosts (" + seriesCount() + " series) × " + samplesPerSeries + " samples every "
                + Durations.format(intervalMillis) + ", seed " + seed;
    }
}
