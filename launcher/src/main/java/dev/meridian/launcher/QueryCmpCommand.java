package dev.meridian.launcher;

import dev.meridian.coordinator.querycmp.QueryCmp;
import dev.meridian.coordinator.querycmp.QueryCmpReport;
import dev.meridian.coordinator.querycmp.QueryCmpSettings;
import dev.meridian.coordinator.querycmp.Tolerance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code meridian querycmp}: runs every query of a file against two Prometheus-compatible
 * endpoints, as an instant and as a range query, and compares the answers point by point
 * ({@link QueryCmp}; rules in {@code regional-stack/coordinator/docs/querycmp.md}).
 */
@Command(
        name = "querycmp",
        description = {
            "Compare two Prometheus-compatible endpoints query by query, e.g. to validate a migration from Prometheus.",
            "Each query runs as an instant query at --end and as a range query over --start, --end, --step.",
            "Prints one MISMATCH line per differing answer, then matched=N total=M.",
            "Exit code: 0 all matched, 1 some mismatched, 2 usage error."
        },
        mixinStandardHelpOptions = true,
        versionProvider = MeridianVersion.class,
        sortOptions = false)
final class QueryCmpCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--reference", paramLabel = "URL", required = true,
            description = "The endpoint answers are checked against, e.g. http://127.0.0.1:9090.")
    private String reference;

    @Option(names = "--target", paramLabel = "URL", required = true, description = "The endpoint being checked.")
    private String target;

    @Option(names = "--queries", paramLabel = "FILE", required = true,
            description = "One PromQL expression per line; blank lines and lines starting with # are skipped.")
    private Path queries;

    @Option(names = "--start", paramLabel = "TIME", required = true,
            description = "Start of the range queries: Unix seconds or RFC 3339.")
    private String start;

    @Option(names = "--end", paramLabel = "TIME", required = true,
            description = "End of the range queries and time of the instant queries: Unix seconds or RFC 3339.")
    private String end;

    @Option(names = "--step", paramLabel = "STEP", required = true,
            description = "Step of the range queries: seconds or a Prometheus duration (15s, 1m).")
    private String step;

    @Option(names = "--tolerance", paramLabel = "REL",
            description = "Relative tolerance for sample values (default: ${DEFAULT-VALUE}).")
    private double tolerance = Tolerance.DEFAULT_RELATIVE;

    @Option(names = "--absolute-tolerance", paramLabel = "ABS",
            description = "Values this close count as equal whatever their size, for values near 0 (default: ${DEFAULT-VALUE}).")
    private double absoluteTolerance = Tolerance.DEFAULT_ABSOLUTE;

    @Option(names = "--ignore-label", paramLabel = "NAME",
            description = "Remove this label from every series of both answers before comparing, e.g. region when the"
                    + " target is a Meridian region, which adds it to every series. Repeatable.")
    private List<String> ignoredLabels = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "How long one query may take on one endpoint (default: ${DEFAULT-VALUE}).")
    private String timeout = "2m";

    @Override
    public Integer call() throws InterruptedException {
        QueryCmpSettings settings;
        try {
            QueryCmpSettings.Builder builder = QueryCmpSettings.builder();
            ignoredLabels.forEach(builder::ignoreLabel);
            settings = builder
                    .reference(reference)
                    .target(target)
                    .queriesFile(queries)
                    .start(start)
                    .end(end)
                    .step(step)
                    .tolerance(tolerance)
                    .absoluteTolerance(absoluteTolerance)
                    .timeout(timeout)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        QueryCmpReport report = new QueryCmp(settings).run(spec.commandLine().getOut());
        return report.allMatched() ? 0 : 1;
    }
}
