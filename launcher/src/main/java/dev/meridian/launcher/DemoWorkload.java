package dev.meridian.launcher;

import static java.util.Objects.requireNonNull;

import dev.meridian.benchmarks.ingest.RemoteWriteClient;
import dev.meridian.proto.remote.Label;
import dev.meridian.proto.remote.Sample;
import dev.meridian.proto.remote.TimeSeries;
import dev.meridian.proto.remote.WriteRequest;
import dev.meridian.workload.NodeExporterFleet;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The synthetic load of {@code meridian demo}: a fleet of node exporters ({@link
 * NodeExporterFleet}, 330 series per host) scraped every 10 seconds in real time and sent to a
 * region by remote write, as a Prometheus server would, in requests of 1,000 series. Each start
 * begins a new fleet at the current time, so after a restart counters start over, as they do
 * when exporters restart.
 */
final class DemoWorkload implements Runnable {
    static final long INTERVAL_MILLIS = 10_000;
    private static final int SERIES_PER_REQUEST = 1_000;
    private static final Duration FAILURE_REPORT_INTERVAL = Duration.ofMinutes(1);

    private final String region;
    private final URI writeUrl;
    private final NodeExporterFleet fleet;
    private final PrintWriter err;
    private final RemoteWriteClient client = new RemoteWriteClient("meridian-demo", Duration.ofSeconds(30));
    private volatile boolean stopped;

    DemoWorkload(String region, URI writeUrl, int hosts, long seed, PrintWriter err) {
        this.region = requireNonNull(region, "region is null");
        this.writeUrl = requireNonNull(writeUrl, "writeUrl is null");
        this.err = requireNonNull(err, "err is null");
        long start = System.currentTimeMillis() / INTERVAL_MILLIS * INTERVAL_MILLIS;
        this.fleet = new NodeExporterFleet(hosts, INTERVAL_MILLIS, start, seed);
    }

    int seriesCount() {
        return fleet.seriesCount();
    }

    /** Sends round after round as the clock reaches each round's end, until {@link #stop()}. */
    @Override
    public void run() {
        List<Label>[] labels = labels();
        long[] times = new long[fleet.seriesCount()];
        double[] values = new double[fleet.seriesCount()];
        long lastFailureReport = 0;
        try {
            for (int round = 0; !stopped; round++) {
                long wait = fleet.roundEnd(round) - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                fleet.scrape(round, (s, t, v) -> {
                    times[s] = t;
                    values[s] = v;
                });
                for (int from = 0; from < times.length && !stopped; from += SERIES_PER_REQUEST) {
                    WriteRequest.Builder request = WriteRequest.newBuilder();
                    for (int s = from; s < Math.min(times.length, from + SERIES_PER_REQUEST); s++) {
                        request.addTimeseries(TimeSeries.newBuilder().addAllLabels(labels[s])
                                .addSamples(Sample.newBuilder().setTimestamp(times[s]).setValue(values[s])));
                    }
                    RemoteWriteClient.Response response = client.post(writeUrl, RemoteWriteClient.encode(request.build()));
                    long now = System.currentTimeMillis();
                    if (!response.acknowledged() && now - lastFailureReport > FAILURE_REPORT_INTERVAL.toMillis()) {
                        lastFailureReport = now;
                        err.println("demo workload: region " + region + ": remote write to " + writeUrl + " failed: "
                                + response.describe());
                        err.flush();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop() {
        stopped = true;
    }

    @SuppressWarnings("unchecked")
    private List<Label>[] labels() {
        List<Label>[] labels = new List[fleet.seriesCount()];
        for (int s = 0; s < labels.length; s++) {
            labels[s] = RemoteWriteClient.labels(fleet.labels(s));
        }
        return labels;
    }
}
