package dev.meridian.benchmarks.engine;

import static java.util.Objects.requireNonNull;

import dev.meridian.workload.DatasetSpec;
import dev.meridian.workload.ServiceMetricsGenerator;
import dev.meridian.promql.syntax.Durations;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

/**
 * What {@code meridian bench engine} runs: the dataset size, JMH's iteration settings and which
 * query shapes.
 *
 * @param series series in the dataset, rounded up to whole hosts (50 series each)
 * @param samplesPerSeries samples per series, 15s apart
 * @param warmupIterations JMH warm-up iterations per fork (0 or more)
 * @param iterations JMH measurement iterations per fork
 * @param forks JMH forks per query shape; 0 runs in this JVM (quicker, less isolated)
 * @param iterationTime length of every warm-up and measurement iteration
 * @param queries the query shapes to run; run in declaration order, each once
 */
public record EngineBenchConfig(
        int series, int samplesPerSeries, int warmupIterations, int iterations, int forks,
        Duration iterationTime, List<EngineQuery> queries) {
    public static final int DEFAULT_SERIES = DatasetSpec.DEFAULT_HOSTS * ServiceMetricsGenerator.SERIES_PER_HOST;
    public static final int DEFAULT_WARMUP_ITERATIONS = 3;
    public static final int DEFAULT_ITERATIONS = 5;
    public static final int DEFAULT_FORKS = 1;
    public static final Duration DEFAULT_ITERATION_TIME = Duration.ofSeconds(2);

    public EngineBenchConfig {
        if (series <= 0) {
            throw new IllegalArgumentException("series must be > 0 (got: " + series + ")");
        }
        if (samplesPerSeries <= 0) {
            throw new IllegalArgumentException("samplesPerSeries must be > 0 (got: " + samplesPerSeries + ")");
        }
        if (warmupIterations < 0) {
            throw new IllegalArgumentException("warmupIterations must be >= 0 (got: " + warmupIterations + ")");
        }
        if (iterations <= 0) {
            throw new IllegalArgumentException("iterations must be > 0 (got: " + iterations + ")");
        }
        if (forks < 0) {
            throw new IllegalArgumentException("forks must be >= 0 (got: " + forks + ")");
        }
        requireNonNull(iterationTime, "iterationTime is null");
        if (iterationTime.toMillis() <= 0) {
            throw new IllegalArgumentException("iterationTime must be at least 1ms (got: "
                    + Durations.format(iterationTime.toMillis()) + ")");
        }
        requireNonNull(queries, "queries is null");
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("queries must not be empty (expected some of: "
                    + String.join(", ", EngineQuery.shapes()) + ")");
        }
        queries = List.copyOf(EnumSet.copyOf(queries));
    }

    /**
     * The full run: 10,000 series × 720 samples, every shape, each in 1 fork with 3 warm-up and 5
     * measured iterations of 2s; about 2 minutes on 2 cores, of which each fork spends a few seconds
     * starting and generating the dataset.
     */
    public static EngineBenchConfig defaults() {
        return new EngineBenchConfig(DEFAULT_SERIES, DatasetSpec.DEFAULT_SAMPLES_PER_SERIES,
                DEFAULT_WARMUP_ITERATIONS, DEFAULT_ITERATIONS, DEFAULT_FORKS, DEFAULT_ITERATION_TIME,
                List.of(EngineQuery.values()));
    }

    /** The dataset these settings describe. */
    public DatasetSpec dataset() {
        return DatasetSpec.ofSeries(series, samplesPerSeries);
    }
}
