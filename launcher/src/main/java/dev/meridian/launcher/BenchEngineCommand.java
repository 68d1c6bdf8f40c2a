package dev.meridian.launcher;

import dev.meridian.benchmarks.engine.EngineBench;
import dev.meridian.benchmarks.engine.EngineBenchConfig;
import dev.meridian.benchmarks.engine.EngineBenchReport;
import dev.meridian.benchmarks.engine.EngineQuery;
import dev.meridian.promql.syntax.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code meridian bench engine}: the PromQL engine's JMH benchmarks ({@link EngineBench}). Prints
 * one {@code name=value} line per figure on stdout; JMH's progress goes to stderr.
 */
@Command(
        name = "engine",
        description = {
            "Benchmark the PromQL engine with JMH on generated data.",
            "The data is a fleet of HTTP services and node exporters; the queries are sum by, rate, a binary"
                    + " operation with on(), histogram_quantile and a subquery, each a range query over the whole"
                    + " dataset at a 30s step.",
            "Prints name=value lines; engine.<shape>.samples_per_sec is samples the query read per second.",
            "JMH's progress goes to stderr."
        },
        mixinStandardHelpOptions = true,
        versionProvider = MeridianVersion.class,
        sortOptions = false)
final class BenchEngineCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--series", paramLabel = "N",
            description = "Series in the dataset, rounded up to whole hosts of 50 (default: ${DEFAULT-VALUE}).")
    private int series = EngineBenchConfig.DEFAULT_SERIES;

    @Option(names = "--samples", paramLabel = "N",
            description = "Samples per series, 15s apart (default: ${DEFAULT-VALUE}, 3 hours).")
    private int samples = EngineBenchConfig.defaults().samplesPerSeries();

    @Option(names = "--warmup-iterations", paramLabel = "N",
            description = "JMH warm-up iterations per fork (default: ${DEFAULT-VALUE}).")
    private int warmupIterations = EngineBenchConfig.DEFAULT_WARMUP_ITERATIONS;

    @Option(names = "--iterations", paramLabel = "N",
            description = "JMH measurement iterations per fork (default: ${DEFAULT-VALUE}).")
    private int iterations = EngineBenchConfig.DEFAULT_ITERATIONS;

    @Option(names = "--forks", paramLabel = "N",
            description = "JVMs per query shape; 0 runs everything in this JVM (default: ${DEFAULT-VALUE}).")
    private int forks = EngineBenchConfig.DEFAULT_FORKS;

    @Option(names = "--iteration-time", paramLabel = "DURATION",
            description = "Length of each JMH iteration, a Prometheus duration such as 3s or 500ms"
                    + " (default: ${DEFAULT-VALUE}).")
    private String iterationTime = Durations.format(EngineBenchConfig.DEFAULT_ITERATION_TIME.toMillis());

    @Option(names = "--shapes", paramLabel = "SHAPE", split = ",",
            description = "Query shapes to run, comma-separated (default: all of ${COMPLETION-CANDIDATES}).",
            completionCandidates = Shapes.class)
    private List<String> shapes = EngineQuery.shapes();

    @Override
    public Integer call() throws Exception {
        EngineBenchConfig config = config();
        EngineBenchReport report = new EngineBench(config, System.err).run();
        PrintWriter out = spec.commandLine().getOut();
        report.lines().forEach(out::println);
        out.flush();
        return 0;
    }

    private EngineBenchConfig config() {
        try {
            List<EngineQuery> queries = new ArrayList<>();
            for (String shape : shapes) {
                queries.add(EngineQuery.ofShape(shape));
            }
            return new EngineBenchConfig(series, samples, warmupIterations, iterations, forks,
                    Duration.ofMillis(Durations.parseMillis(iterationTime)), queries);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** The shape names, for the help text. */
    static final class Shapes extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Shapes() {
            super(EngineQuery.shapes());
        }
    }
}
