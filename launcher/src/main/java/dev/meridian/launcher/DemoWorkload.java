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
        this(region, writeUrl, err,
                new NodeExporterFleet(hosts, INTERVAL_MILLIS, System.currentTimeMillis() / INTERVAL_MILLIS * INTERVAL_MILLIS, seed));
    }

    private DemoWorkload(String region, URI writeUrl, PrintWriter err, NodeExporterFleet fleet) {
        this.region = requireNonNull(region, "region is null");
        this.writeUrl = requireNonNull(writeUrl, "writeUrl is null");
        this.err = requireNonNull(err, "err is null");
        this.fleet = requireNonNull(fleet, "fleet is null");
    }

    int seriesCount() {
        return fleet.seriesCount();
    }

    /** Sends round after round as the clock reaches each round's end, until {@link #stop()}. */
    @Override
    public void run() {
        Rounds rounds = new Rounds();
        long lastFailureReport = 0;
        try {
            for (int round = 0; !stopped; round++) {
                long wait = fleet.roundEnd(round) - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                RemoteWriteClient.Response failure = rounds.send(round);
                long now = System.currentTimeMillis();
                if (failure != null && now - lastFailureReport > FAILURE_REPORT_INTERVAL.toMillis()) {
                    lastFailureReport = now;
                    err.println("demo workload: region " + region + ": remote write to " + writeUrl + " failed: "
                            + failure.describe());
                    err.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends the rounds of the last {@code count} intervals before now at once, as if the fleet had
     * been scraped all along (for benchmarks that need history).
     *
     * @throws IllegalStateException if a write is not acknowledged
     */
    static int backfill(String region, URI writeUrl, int hosts, long seed, int count, PrintWriter err)
            throws InterruptedException {
        long end = System.currentTimeMillis() / INTERVAL_MILLIS * INTERVAL_MILLIS;
        DemoWorkload load = new DemoWorkload(region, writeUrl, err,
                new NodeExporterFleet(hosts, INTERVAL_MILLIS, end - (long) count * INTERVAL_MILLIS, seed));
        Rounds rounds = load.new Rounds();
        for (int round = 0; round < count; round++) {
            RemoteWriteClient.Response failure = rounds.send(round);
            if (failure != null) {
                throw new IllegalStateException("region " + region + ": remote write to " + writeUrl + " failed: "
                        + failure.describe());
            }
        }
        return load.seriesCount();
    }

    /** Sends one scrape round of the whole fleet, in requests of {@link #SERIES_PER_REQUEST} series. */
    private final class Rounds {
        private final List<Label>[] labels = labels();
        private final long[] times = new long[fleet.seriesCount()];
        private final double[] values = new double[fleet.seriesCount()];

        /** Sends {@code round}; returns the last failed response, or null if all were acknowledged. */
        RemoteWriteClient.Response send(int round) throws InterruptedException {
            fleet.scrape(round, (s, t, v) -> {
                times[s] = t;
                values[s] = v;
            });
            RemoteWriteClient.Response failure = null;
            for (int from = 0; from < times.length && !stopped; from += SERIES_PER_REQUEST) {
                WriteRequest.Builder request = WriteRequest.newBuilder();
                for (int s = from; s < Math.min(times.length, from + SERIES_PER_REQUEST); s++) {
                    request.addTimeseries(TimeSeries.newBuilder().addAllLabels(labels[s])
                            .addSamples(Sample.newBuilder().setTimestamp(times[s]).setValue(values[s])));
                }
                RemoteWriteClient.Response response = client.post(writeUrl, RemoteWriteClient.encode(request.build()));
                if (!response.acknowledged()) {
                    failure = response;
                }
            }
            return failure;
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
