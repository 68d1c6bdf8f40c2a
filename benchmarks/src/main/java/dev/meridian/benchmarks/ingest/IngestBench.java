package dev.meridian.benchmarks.ingest;

import static java.util.Objects.requireNonNull;

import dev.meridian.proto.remote.Label;
import dev.meridian.proto.remote.Sample;
import dev.meridian.proto.remote.TimeSeries;
import dev.meridian.proto.remote.WriteRequest;
import dev.meridian.workload.NodeExporterFleet;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code meridian bench ingest}: a remote-write load generator. It sends a node-exporter fleet
 * ({@link NodeExporterFleet}) to a remote-write URL the way Prometheus does: the series are split
 * over {@code concurrency} senders by series (so each series' samples arrive in order), and each
 * sender posts its series round after round in requests of at most {@code seriesPerRequest}
 * samples, waiting for each answer. Requests are encoded (protobuf, snappy) before the clock
 * starts, so the figure is the receiver's, not the encoder's.
 *
 * <p>Samples are 1 s apart and end a second before the run, so up to 540 rounds stay inside
 * a storage node's default 10-minute {@code bufferPast}.
 */
public final class IngestBench {
    /** What to run. */
    public record Config(URI url, int series, int rounds, int concurrency, int seriesPerRequest, long seed) {
        public Config {
            requireNonNull(url, "url is null");
            if (series <= 0 || rounds <= 0 || concurrency <= 0 || seriesPerRequest <= 0) {
                throw new IllegalArgumentException("series, rounds, concurrency and seriesPerRequest must be > 0 (got: " + series + ", "
                        + rounds + ", " + concurrency + ", " + seriesPerRequest + ")");
            }
            if ((long) series * rounds > 50_000_000L) {
                throw new IllegalArgumentException("series x rounds must be at most 50,000,000 samples, which are encoded up front"
                        + " (got: " + (long) series * rounds + ")");
            }
            if (rounds * INTERVAL_MILLIS > Duration.ofMinutes(9).toMillis()) {
                throw new IllegalArgumentException("rounds must be at most " + Duration.ofMinutes(9).toMillis() / INTERVAL_MILLIS
                        + " (samples 1 s apart must fit a storage node's 10-minute bufferPast; got: " + rounds + ")");
            }
        }
    }

    /** The outcome; {@code samplesPerSecond} counts samples of 2xx requests over the wall time. */
    public record Report(Config config, int seriesSent, long samplesAcknowledged, long requests, Map<Integer, Long> statuses,
            double seconds, double p50Millis, double p99Millis, String firstFailure) {
        public double samplesPerSecond() {
            return samplesAcknowledged / seconds;
        }

        public long failedRequests() {
            return statuses.entrySet().stream().filter(e -> e.getKey() / 100 != 2).mapToLong(Map.Entry::getValue).sum();
        }

        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            lines.add("ingest.url=" + config.url());
            lines.add("ingest.series=" + seriesSent);
            lines.add("ingest.rounds=" + config.rounds());
            lines.add("ingest.concurrency=" + config.concurrency());
            lines.add("ingest.series_per_request=" + config.seriesPerRequest());
            lines.add("ingest.requests=" + requests);
            lines.add("ingest.failed_requests=" + failedRequests());
            lines.add("ingest.samples_acknowledged=" + samplesAcknowledged);
            lines.add("ingest.seconds=" + String.format(Locale.ROOT, "%.3f", seconds));
            lines.add("ingest.request_p50_ms=" + String.format(Locale.ROOT, "%.1f", p50Millis));
            lines.add("ingest.request_p99_ms=" + String.format(Locale.ROOT, "%.1f", p99Millis));
            lines.add("samples_per_sec=" + Math.round(samplesPerSecond()));
            return lines;
        }
    }

    static final long INTERVAL_MILLIS = 1_000;

    private final Config config;
    private final PrintStream progress;

    public IngestBench(Config config, PrintStream progress) {
        this.config = requireNonNull(config, "config is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    public Report run() throws InterruptedException {
        long start = System.currentTimeMillis() - 1_000 - config.rounds() * INTERVAL_MILLIS;
        NodeExporterFleet fleet = NodeExporterFleet.ofSeries(config.series(), INTERVAL_MILLIS, start, config.seed());
        progress.printf("ingest: encoding %d series x %d rounds for %d senders%n", fleet.seriesCount(), config.rounds(),
                config.concurrency());
        List<List<Request>> perSender = encode(fleet);
        RemoteWriteClient http = new RemoteWriteClient("meridian-bench-ingest", Duration.ofSeconds(60));
        Sender[] senders = new Sender[config.concurrency()];
        Thread[] threads = new Thread[senders.length];
        progress.printf("ingest: sending to %s%n", config.url());
        long began = System.nanoTime();
        for (int k = 0; k < senders.length; k++) {
            senders[k] = new Sender(http, config.url(), perSender.get(k));
            threads[k] = new Thread(senders[k], "ingest-sender-" + k);
            threads[k].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        long acknowledged = 0;
        long requests = 0;
        Map<Integer, Long> statuses = new TreeMap<>();
        List<Double> latencies = new ArrayList<>();
        String firstFailure = null;
        for (Sender s : senders) {
            acknowledged += s.acknowledged;
            requests += s.latencies.size();
            s.statuses.forEach((status, n) -> statuses.merge(status, n, Long::sum));
            latencies.addAll(s.latencies);
            if (firstFailure == null) {
                firstFailure = s.firstFailure;
            }
        }
        double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Report(config, fleet.seriesCount(), acknowledged, requests, statuses, seconds, quantile(sorted, 0.5),
                quantile(sorted, 0.99), firstFailure);
    }

    /** One remote-write body and the samples in it. */
    private record Request(byte[] body, int samples) {}

    /** Sender k gets the series with {@code series % concurrency == k}, round by round, in requests of seriesPerRequest. */
    private List<List<Request>> encode(NodeExporterFleet fleet) {
        int n = fleet.seriesCount();
        @SuppressWarnings("unchecked")
        List<Label>[] labels = new List[n];
        for (int s = 0; s < n; s++) {
            labels[s] = RemoteWriteClient.labels(fleet.labels(s));
        }
        long[] times = new long[n];
        double[] values = new double[n];
        List<List<Request>> perSender = new ArrayList<>();
        for (int k = 0; k < config.concurrency(); k++) {
            perSender.add(new ArrayList<>());
        }
        for (int round = 0; round < config.rounds(); round++) {
            fleet.scrape(round, (s, t, v) -> {
                times[s] = t;
                values[s] = v;
            });
            for (int k = 0; k < config.concurrency(); k++) {
                WriteRequest.Builder request = WriteRequest.newBuilder();
                int inRequest = 0;
                for (int s = k; s < n; s += config.concurrency()) {
                    request.addTimeseries(TimeSeries.newBuilder().addAllLabels(labels[s])
                            .addSamples(Sample.newBuilder().setTimestamp(times[s]).setValue(values[s])));
                    if (++inRequest == config.seriesPerRequest()) {
                        perSender.get(k).add(compress(request.build(), inRequest));
                        request = WriteRequest.newBuilder();
                        inRequest = 0;
                    }
                }
                if (inRequest > 0) {
                    perSender.get(k).add(compress(request.build(), inRequest));
                }
            }
        }
        return perSender;
    }

    private static Request compress(WriteRequest request, int samples) {
        return new Request(RemoteWriteClient.encode(request), samples);
    }

    private static double quantile(double[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.max(0, (int) Math.ceil(sorted.length * q) - 1)];
    }

    /** Posts its requests one after another, as one Prometheus remote-write shard does. */
    private static final class Sender implements Runnable {
        private final RemoteWriteClient http;
        private final URI url;
        private final List<Request> requests;
        private final List<Double> latencies = new ArrayList<>();
        private final Map<Integer, Long> statuses = new TreeMap<>();
        private long acknowledged;
        private String firstFailure;

        Sender(RemoteWriteClient http, URI url, List<Request> requests) {
            this.http = http;
            this.url = url;
            this.requests = requests;
        }

        @Override
        public void run() {
            for (Request r : requests) {
                long t0 = System.nanoTime();
                RemoteWriteClient.Response response;
                try {
                    response = http.post(url, r.body());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                latencies.add((System.nanoTime() - t0) / 1e6);
                statuses.merge(response.status(), 1L, Long::sum);
                if (response.acknowledged()) {
                    acknowledged += r.samples();
                } else if (firstFailure == null) {
                    firstFailure = response.describe();
                }
            }
        }
    }

}
