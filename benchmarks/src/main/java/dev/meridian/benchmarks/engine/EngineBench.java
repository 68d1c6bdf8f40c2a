package dev.meridian.benchmarks.engine;

import static java.util.Objects.requireNonNull;

import dev.meridian.benchmarks.MachineLoad;
import dev.meridian.workload.DatasetSpec;
import dev.meridian.benchmarks.engine.EngineBenchReport.Machine;
import dev.meridian.benchmarks.engine.EngineBenchReport.QueryFigures;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link BenchmarkEngine} with the JMH {@link Runner} for {@code meridian bench engine} and
 * collects its scores into an {@link EngineBenchReport}.
 *
 * <p>With one or more forks, JMH starts a JVM per query shape with this JVM's class path and JVM
 * options, so each shape is measured with its own JIT profile and heap; every fork generates the
 * dataset again before it measures. With 0 forks everything runs in this JVM.
 */
public final class EngineBench {
    /** The name JMH gives {@link BenchmarkEngine.SamplesRead#samplesRead}'s secondary result. */
    static final String SAMPLES_READ = "samplesRead";

    private final EngineBenchConfig config;
    private final PrintStream progress;

    /**
     * @param config what to run
     * @param progress where JMH's progress report goes (not the figures; see {@link EngineBenchReport#lines()})
     */
    public EngineBench(EngineBenchConfig config, PrintStream progress) {
        this.config = requireNonNull(config, "config is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /**
     * Runs the benchmarks and returns their figures.
     *
     * @throws RunnerException if JMH fails, including when a benchmark throws
     */
    public EngineBenchReport run() throws RunnerException {
        double loadBefore = MachineLoad.averageOverOneMinute();
        Collection<RunResult> results = new Runner(options(),
                OutputFormatFactory.createFormatInstance(progress, VerboseMode.NORMAL)).run();
        Machine machine = new Machine(Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                loadBefore, MachineLoad.averageOverOneMinute());
        return report(results, machine);
    }


    /** JMH options for the configured run. */
    Options options() {
        DatasetSpec dataset = config.dataset();
        TimeValue iterationTime = TimeValue.milliseconds(config.iterationTime().toMillis());
        return new OptionsBuilder()
                .include(includePattern(config.queries()))
                .param("hosts", Integer.toString(dataset.hosts()))
                .param("samples", Integer.toString(dataset.samplesPerSeries()))
                .warmupIterations(config.warmupIterations())
                .warmupTime(iterationTime)
                .measurementIterations(config.iterations())
                .measurementTime(iterationTime)
                .forks(config.forks())
                .shouldFailOnError(true)
                .build();
    }

    /** A regular expression that matches exactly the benchmark methods of {@code queries}. */
    static String includePattern(List<EngineQuery> queries) {
        return "^" + Pattern.quote(BenchmarkEngine.class.getName()) + "\\.("
                + queries.stream().map(EngineQuery::benchmarkMethod).collect(Collectors.joining("|")) + ")$";
    }

    EngineBenchReport report(Collection<RunResult> results, Machine machine) {
        Map<EngineQuery, QueryFigures> byQuery = new EnumMap<>(EngineQuery.class);
        for (RunResult result : results) {
            EngineQuery query = queryOf(result.getParams().getBenchmark());
            Result<?> primary = result.getPrimaryResult();
            Result<?> samples = result.getSecondaryResults().get(SAMPLES_READ);
            if (samples == null) {
                throw new IllegalStateException("JMH reported no '" + SAMPLES_READ + "' result for "
                        + result.getParams().getBenchmark() + " (got: " + result.getSecondaryResults().keySet() + ")");
            }
            byQuery.put(query, new QueryFigures(query, primary.getScore(), samples.getScore(), samples.getScoreError()));
        }
        List<QueryFigures> figures = new ArrayList<>();
        for (EngineQuery query : config.queries()) {
            QueryFigures f = byQuery.get(query);
            if (f == null) {
                throw new IllegalStateException("JMH reported no result for " + query.shape() + " ("
                        + BenchmarkEngine.class.getSimpleName() + "." + query.benchmarkMethod() + ")");
            }
            figures.add(f);
        }
        return new EngineBenchReport(config.dataset(), config, machine, figures);
    }

    private static EngineQuery queryOf(String benchmark) {
        String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        for (EngineQuery query : EngineQuery.values()) {
            if (query.benchmarkMethod().equals(method)) {
                return query;
            }
        }
        throw new IllegalStateException("JMH ran a benchmark no query shape names: " + benchmark);
    }
}
