package dev.meridian.benchmarks.engine;

import static java.util.Objects.requireNonNull;

import dev.meridian.workload.DatasetSpec;
import dev.meridian.promql.syntax.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one {@code meridian bench engine} run, printed as {@code name=value} lines.
 *
 * @param dataset the generated dataset
 * @param config the settings of the run
 * @param machine where it ran
 * @param figures one entry per query shape that ran, in the order of {@link EngineQuery}
 */
public record EngineBenchReport(DatasetSpec dataset, EngineBenchConfig config, Machine machine, List<QueryFigures> figures) {
    public EngineBenchReport {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(config, "config is null");
        requireNonNull(machine, "machine is null");
        figures = List.copyOf(figures);
    }

    /**
     * The machine a run measured, so that figures from a busy or a different machine are told apart.
     *
     * @param cpus processors available to the JVM
     * @param javaVersion the JVM's {@code java.version}
     * @param loadBefore the system load average over the last minute when the run started, NaN if
     *     the platform does not tell
     * @param loadAfter the same when the run ended
     */
    public record Machine(int cpus, String javaVersion, double loadBefore, double loadAfter) {
        public Machine {
            if (cpus <= 0) {
                throw new IllegalArgumentException("cpus must be > 0 (got: " + cpus + ")");
            }
            requireNonNull(javaVersion, "javaVersion is null");
        }
    }

    /**
     * JMH's scores for one query shape.
     *
     * @param query the query shape
     * @param queriesPerSecond JMH's primary score, queries per second
     * @param samplesPerSecond JMH's {@code samplesRead} score: samples read per second of query time
     * @param samplesPerSecondError half-width of JMH's 99.9% confidence interval of
     *     {@code samplesPerSecond}, NaN when there are too few iterations to tell
     */
    public record QueryFigures(EngineQuery query, double queriesPerSecond, double samplesPerSecond,
            double samplesPerSecondError) {
        public QueryFigures {
            requireNonNull(query, "query is null");
            if (!(queriesPerSecond > 0)) {
                throw new IllegalArgumentException("queriesPerSecond must be > 0 (got: " + queriesPerSecond + ")");
            }
            if (!(samplesPerSecond >= 0)) {
                throw new IllegalArgumentException("samplesPerSecond must be >= 0 (got: " + samplesPerSecond + ")");
            }
        }

        /**
         * Samples each query read. Both scores are totals over the same measured time, so their
         * ratio is the (deterministic) number of samples one query reads.
         */
        public long samplesPerQuery() {
            return Math.round(samplesPerSecond / queriesPerSecond);
        }
    }

    /** The report as {@code name=value} lines: dataset, settings and machine first, then each shape. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("engine.dataset.hosts=" + dataset.hosts());
        lines.add("engine.dataset.series=" + dataset.seriesCount());
        lines.add("engine.dataset.samples_per_series=" + dataset.samplesPerSeries());
        lines.add("engine.dataset.samples=" + dataset.sampleCount());
        lines.add("engine.dataset.interval=" + Durations.format(dataset.intervalMillis()));
        lines.add("engine.dataset.duration=" + Durations.format(dataset.samplesPerSeries() * dataset.intervalMillis()));
        lines.add("engine.query.step=" + Durations.format(EngineQuery.STEP_MILLIS));
        lines.add("engine.jmh.forks=" + config.forks());
        lines.add("engine.jmh.warmup_iterations=" + config.warmupIterations());
        lines.add("engine.jmh.iterations=" + config.iterations());
        lines.add("engine.jmh.iteration_time=" + Durations.format(config.iterationTime().toMillis()));
        lines.add("engine.machine.cpus=" + machine.cpus());
        lines.add("engine.machine.java=" + machine.javaVersion());
        if (!Double.isNaN(machine.loadBefore())) {
            lines.add("engine.machine.load_average_before=" + String.format(Locale.ROOT, "%.2f", machine.loadBefore()));
        }
        if (!Double.isNaN(machine.loadAfter())) {
            lines.add("engine.machine.load_average_after=" + String.format(Locale.ROOT, "%.2f", machine.loadAfter()));
        }
        for (QueryFigures f : figures) {
            String prefix = "engine." + f.query().shape() + ".";
            lines.add(prefix + "query=" + f.query().promql());
            lines.add(prefix + "samples_per_query=" + f.samplesPerQuery());
            lines.add(prefix + "queries_per_sec=" + String.format(Locale.ROOT, "%.3f", f.queriesPerSecond()));
            lines.add(prefix + "samples_per_sec=" + Math.round(f.samplesPerSecond()));
            if (!Double.isNaN(f.samplesPerSecondError())) {
                lines.add(prefix + "samples_per_sec_error=" + Math.round(f.samplesPerSecondError()));
            }
        }
        return lines;
    }
}
