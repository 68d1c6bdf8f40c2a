package dev.meridian.launcher;

import dev.meridian.benchmarks.ingest.IngestBench;
import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code meridian bench ingest}: remote-write load against a URL ({@link IngestBench}). */
@Command(
        name = "ingest",
        description = {
            "Send a node-exporter fleet to a Prometheus remote-write URL, like Prometheus' remote write with",
            "--concurrency shards, and print samples_per_sec (samples of 2xx requests per second) and request latencies.",
            "Prints name=value lines; progress goes to stderr."
        },
        mixinStandardHelpOptions = true,
        versionProvider = MeridianVersion.class,
        sortOptions = false)
final class BenchIngestCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", required = true, description = "The remote-write URL, e.g. http://127.0.0.1:9201/api/v1/write.")
    private String url;

    @Option(names = "--series", paramLabel = "N", description = "Series, rounded up to whole hosts of 330 (default: ${DEFAULT-VALUE}).")
    private int series = 100_000;

    @Option(names = "--rounds", paramLabel = "R", description = "Samples per series, 1 s apart (default: ${DEFAULT-VALUE}).")
    private int rounds = 10;

    @Option(names = "--concurrency", paramLabel = "N", description = "Senders, each posting its series' requests in turn (default: ${DEFAULT-VALUE}).")
    private int concurrency = 4;

    @Option(names = "--series-per-request", paramLabel = "N",
            description = "Samples per request, as Prometheus' max_samples_per_send (default: ${DEFAULT-VALUE}).")
    private int seriesPerRequest = 500;

    @Override
    public Integer call() throws InterruptedException {
        IngestBench.Config config;
        try {
            URI target = URI.create(url);
            if (!"http".equals(target.getScheme()) || target.getHost() == null) {
                throw new IllegalArgumentException("--url must be an http URL (got: \"" + url + "\")");
            }
            config = new IngestBench.Config(target, series, rounds, concurrency, seriesPerRequest, 20231114L);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        IngestBench.Report report = new IngestBench(config, System.err).run();
        PrintWriter out = spec.commandLine().getOut();
        report.lines().forEach(out::println);
        out.flush();
        if (report.failedRequests() > 0) {
            spec.commandLine().getErr().println("meridian: " + report.failedRequests() + " requests failed; the first: " + report.firstFailure());
            return 1;
        }
        return 0;
    }
}
