package dev.meridian.workload;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.memory.InMemoryStorage;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Generates what a Prometheus server scrapes from a fleet of hosts, each running one HTTP service
 * and one node exporter: deterministic for a {@link DatasetSpec}, for benchmarks and tests.
 *
 * <h2>Series of one host ({@value #SERIES_PER_HOST})</h2>
 * <pre>
 * job="&lt;service&gt;", instance="10.a.b.c:8080" (10.0.0.1 for the first host, and so on)
 *   http_requests_total{method, code}               20 counters (GET POST PUT DELETE × 200 201 404 500 503)
 *   http_request_duration_seconds_bucket{le}        11 counters, a classic histogram (0.005 .. 5, +Inf)
 *   http_request_duration_seconds_sum, _count        2 counters
 *   http_requests_in_flight                          1 gauge
 *   http_build_info{version}                         1 gauge, always 1 (an info metric to join on)
 * job="node", instance="10.a.b.c:9100"
 *   node_cpu_seconds_total{cpu, mode}                8 counters (2 CPUs × idle user system iowait)
 *   node_memory_MemTotal_bytes, node_memory_MemAvailable_bytes, node_load1      3 gauges
 *   node_network_receive_bytes_total{device}, node_network_transmit_bytes_total{device}
 *                                                    4 counters (eth0, lo)
 * </pre>
 * Services are spread round-robin over {@link #SERVICES}, so a fleet of {@code h} hosts has
 * {@code min(h, 8)} service jobs.
 *
 * <h2>Model</h2>
 * Each host draws its parameters and its noise from its own {@link Random} (whose algorithm the
 * JDK specifies), seeded from the spec's seed and the host index; host {@code i} is therefore the
 * same in every fleet of more than {@code i} hosts, and a tiny test fleet is a prefix of the big one.
 * <ul>
 *   <li>Traffic: a base rate of 20 to 200 requests/s (log-uniform), times a daily sine of ±30% with
 *       a per-host phase, times ±5% log-normal noise per scrape. Each (method, code) series counts
 *       a Poisson-distributed number of requests per scrape with mean rate × interval × P(method)
 *       × P(code), so counters grow by whole requests.
 *   <li>Latency: log-normal with a per-host median of 20 to 160 ms and shape σ of 0.5 to 1.0; the
 *       median rises with load and jitters by ±10% per scrape. The {@code n} requests of a scrape
 *       add {@code round(n × Φ((ln le − ln median) / σ))} to bucket {@code le} (Φ the standard
 *       normal CDF), so every scrape's buckets are cumulative in {@code le}, {@code +Inf} grows by
 *       exactly {@code n}, {@code _count} equals the sum of the instance's
 *       {@code http_requests_total}, and {@code _sum} grows by {@code n} × the distribution's mean.
 *   <li>Counter resets: a quarter of the hosts restart their service once, at a random scrape; from
 *       then on all of its {@code http_*} counters count from zero, as a restarted process's do.
 *       Before that, counters hold a random uptime's worth (1 hour to 30 days) of traffic.
 *   <li>Node: CPU busy time follows the request rate (with noise), split 70/25/5 over user,
 *       system and iowait, the rest idle, so each CPU's modes add up to the wall time; available
 *       memory is a bounded random walk over a fixed total of 8, 16 or 32 GiB; {@code node_load1}
 *       is an exponentially damped average of the busy CPUs like the kernel's; eth0 bytes follow
 *       the requests (1.5 kB in, 6 kB out each), lo carries a small steady trickle.
 * </ul>
 */
public final class ServiceMetricsGenerator {
    /** Series every host contributes. */
    public static final int SERIES_PER_HOST = 50;

    /** The {@code job} of the HTTP services, assigned to hosts round-robin. */
    public static final List<String> SERVICES = List.of(
            "api-gateway", "auth", "catalog", "checkout", "inventory", "payments", "search", "shipping");

    /** The {@code job} of every node exporter. */
    public static final String NODE_JOB = "node";

    /** The {@code le} values of {@code http_request_duration_seconds_bucket}, as Go's client writes them. */
    public static final List<String> BUCKETS =
            List.of("0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "+Inf");

    public static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE");
    public static final List<String> CODES = List.of("200", "201", "404", "500", "503");

    private static final double[] METHOD_SHARE = {0.70, 0.20, 0.07, 0.03};
    private static final double[] CODE_SHARE = {0.90, 0.05, 0.03, 0.015, 0.005};
    private static final List<String> VERSIONS = List.of("1.41.0", "1.41.2", "1.42.0");
    private static final List<String> CPU_MODES = List.of("idle", "user", "system", "iowait");
    private static final int CPUS = 2;
    private static final double RESTART_PROBABILITY = 0.25;
    private static final double GIB = 1024.0 * 1024 * 1024;
    private static final double SECONDS_PER_DAY = 86_400;
    private static final double[] BUCKET_BOUNDS = bucketBounds();

    private final DatasetSpec spec;
    private final long[] timestamps;

    public ServiceMetricsGenerator(DatasetSpec spec) {
        this.spec = requireNonNull(spec, "spec is null");
        this.timestamps = new long[spec.samplesPerSeries()];
        for (int i = 0; i < timestamps.length; i++) {
            timestamps[i] = spec.timestamp(i);
        }
    }

    public DatasetSpec spec() {
        return spec;
    }

    /** Generates every series of the fleet, host by host. */
    public void generate(SeriesSink sink) {
        requireNonNull(sink, "sink is null");
        for (int host = 0; host < spec.hosts(); host++) {
            generateHost(host, sink);
        }
    }

    /** Generates the {@value #SERIES_PER_HOST} series of host {@code host} (0-based). */
    public void generateHost(int host, SeriesSink sink) {
        Objects.checkIndex(host, spec.hosts());
        requireNonNull(sink, "sink is null");
        new Host(host).simulate().emit(sink);
    }

    /** Generates the fleet into a new {@link InMemoryStorage}, committing host by host. */
    public InMemoryStorage load() {
        InMemoryStorage storage = new InMemoryStorage();
        for (int host = 0; host < spec.hosts(); host++) {
            InMemoryStorage.Appender appender = storage.appender();
            generateHost(host, (labels, ts, values) -> {
                for (int i = 0; i < ts.length; i++) {
                    appender.add(labels, ts[i], values[i]);
                }
            });
            appender.commit();
        }
        return storage;
    }

    /** The service {@code job} of host {@code host}. */
    public static String serviceOf(int host) {
        return SERVICES.get(host % SERVICES.size());
    }

    private static double[] bucketBounds() {
        double[] bounds = new double[BUCKETS.size()];
        for (int b = 0; b < bounds.length; b++) {
            String le = BUCKETS.get(b);
            bounds[b] = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
        }
        return bounds;
    }

    /** One host's parameters and its simulated series. */
    private final class Host {
        private final Random random;
        private final String service;
        private final String appInstance;
        private final String nodeInstance;
        private final int samples = spec.samplesPerSeries();
        private final double intervalSeconds = spec.intervalMillis() / 1000.0;

        private final double[][] requests = new double[METHODS.size() * CODES.size()][samples];
        private final double[][] buckets = new double[BUCKETS.size()][samples];
        private final double[] durationSum = new double[samples];
        private final double[] durationCount = new double[samples];
        private final double[] inFlight = new double[samples];
        private final double[] buildInfo = new double[samples];
        private final double[][] cpu = new double[CPUS * CPU_MODES.size()][samples];
        private final double[] memTotal = new double[samples];
        private final double[] memAvailable = new double[samples];
        private final double[] load1 = new double[samples];
        private final double[][] network = new double[4][samples];
        private String version;

        Host(int index) {
            // Random uses the low 48 bits of its seed; multiplying by an odd constant keeps
            // (seed, host) pairs apart there.
            this.random = new Random(spec.seed() * 0x9E3779B97F4A7C15L + index);
            this.service = serviceOf(index);
            int n = index + 1;
            String address = "10." + ((n >> 16) & 0xff) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
            this.appInstance = address + ":8080";
            this.nodeInstance = address + ":9100";
        }

        Host simulate() {
            double baseRate = 20 * Math.pow(10, random.nextDouble());
            double baseMedian = 0.020 * Math.pow(8, random.nextDouble());
            double sigma = 0.5 + 0.5 * random.nextDouble();
            double meanFactor = Math.exp(sigma * sigma / 2);
            double phase = random.nextDouble();
            version = VERSIONS.get(random.nextInt(VERSIONS.size()));
            double totalBytes = (8L << random.nextInt(3)) * GIB;
            int restartAt = samples > 1 && random.nextDouble() < RESTART_PROBABILITY ? 1 + random.nextInt(samples - 1) : -1;
            double uptimeSeconds = 3600.0 * (1 + random.nextInt(24 * 30));

            // Counter state, starting from the traffic of the uptime so far.
            double[] requestTotals = new double[requests.length];
            double countTotal = 0;
            for (int m = 0; m < METHODS.size(); m++) {
                for (int c = 0; c < CODES.size(); c++) {
                    double total = Math.rint(baseRate * uptimeSeconds * METHOD_SHARE[m] * CODE_SHARE[c]);
                    requestTotals[m * CODES.size() + c] = total;
                    countTotal += total;
                }
            }
            double[] bucketTotals = new double[buckets.length];
            addToBuckets(bucketTotals, countTotal, baseMedian, sigma);
            double sumTotal = countTotal * baseMedian * meanFactor;
            double[] cpuTotals = new double[cpu.length];
            for (int c = 0; c < CPUS; c++) {
                addCpuTime(cpuTotals, c, uptimeSeconds, 0.2);
            }
            double[] networkTotals = {countTotal * 1500, countTotal * 6000, uptimeSeconds * 200, uptimeSeconds * 200};
            double available = totalBytes * (0.3 + 0.4 * random.nextDouble());
            double load = 0.2 * CPUS;
            double loadDecay = Math.exp(-intervalSeconds / 60);

            for (int i = 0; i < samples; i++) {
                double epochSeconds = spec.timestamp(i) / 1000.0;
                double traffic = (1 + 0.3 * Math.sin(2 * Math.PI * (epochSeconds / SECONDS_PER_DAY + phase)))
                        * Math.exp(0.05 * random.nextGaussian());
                double rate = baseRate * traffic;

                if (i == restartAt) {
                    Arrays.fill(requestTotals, 0);
                    Arrays.fill(bucketTotals, 0);
                    countTotal = 0;
                    sumTotal = 0;
                }
                double n = 0;
                for (int m = 0; m < METHODS.size(); m++) {
                    for (int c = 0; c < CODES.size(); c++) {
                        int k = m * CODES.size() + c;
                        double increment = poisson(rate * intervalSeconds * METHOD_SHARE[m] * CODE_SHARE[c]);
                        requestTotals[k] += increment;
                        requests[k][i] = requestTotals[k];
                        n += increment;
                    }
                }
                double median = baseMedian * (0.8 + 0.2 * traffic) * Math.exp(0.1 * random.nextGaussian());
                addToBuckets(bucketTotals, n, median, sigma);
                for (int b = 0; b < buckets.length; b++) {
                    buckets[b][i] = bucketTotals[b];
                }
                countTotal += n;
                sumTotal += n * median * meanFactor;
                durationCount[i] = countTotal;
                durationSum[i] = sumTotal;
                // Little's law: requests in flight = arrival rate × mean time in the system.
                inFlight[i] = poisson(rate * median * meanFactor);
                buildInfo[i] = 1;

                double busy = clamp(0.05 + 0.6 * rate / 200, 0.02, 0.95);
                for (int c = 0; c < CPUS; c++) {
                    addCpuTime(cpuTotals, c, intervalSeconds, clamp(busy * Math.exp(0.1 * random.nextGaussian()), 0.01, 0.99));
                }
                for (int k = 0; k < cpu.length; k++) {
                    cpu[k][i] = cpuTotals[k];
                }
                memTotal[i] = totalBytes;
                available = clamp(available + totalBytes * 0.005 * random.nextGaussian(), 0.1 * totalBytes, 0.9 * totalBytes);
                memAvailable[i] = Math.rint(available);
                double running = busy * CPUS * Math.max(0, 1 + 0.2 * random.nextGaussian());
                load = load * loadDecay + running * (1 - loadDecay);
                load1[i] = load;
                networkTotals[0] += Math.rint(n * 1500 * Math.exp(0.1 * random.nextGaussian()));
                networkTotals[1] += Math.rint(n * 6000 * Math.exp(0.1 * random.nextGaussian()));
                double loopback = Math.rint(200 * intervalSeconds * Math.exp(0.2 * random.nextGaussian()));
                networkTotals[2] += loopback;
                networkTotals[3] += loopback;
                for (int k = 0; k < network.length; k++) {
                    network[k][i] = networkTotals[k];
                }
            }
            return this;
        }

        /**
         * Adds {@code n} requests with log-normal latencies to cumulative bucket totals: bucket
         * {@code le} gets {@code round(n × Φ((ln le − ln median) / σ))}, never less than the
         * bucket below it, and {@code +Inf} gets all {@code n}.
         */
        private void addToBuckets(double[] totals, double n, double median, double sigma) {
            double previous = 0;
            for (int b = 0; b < totals.length; b++) {
                double bound = BUCKET_BOUNDS[b];
                double added = Double.isInfinite(bound)
                        ? n
                        : Math.max(previous, Math.rint(n * standardNormalCdf(Math.log(bound / median) / sigma)));
                totals[b] += added;
                previous = added;
            }
        }

        /** Adds {@code seconds} of wall time to CPU {@code c}, {@code busy} of it not idle. */
        private void addCpuTime(double[] totals, int c, double seconds, double busy) {
            int base = c * CPU_MODES.size();
            totals[base] += seconds * (1 - busy);
            totals[base + 1] += seconds * busy * 0.70;
            totals[base + 2] += seconds * busy * 0.25;
            totals[base + 3] += seconds * busy * 0.05;
        }

        /**
         * A Poisson-distributed count with the given mean: Knuth's multiplication method below a
         * mean of 30, the normal approximation (rounded, at least 0) above.
         */
        private double poisson(double mean) {
            if (mean <= 0) {
                return 0;
            }
            if (mean >= 30) {
                return Math.max(0, Math.rint(mean + Math.sqrt(mean) * random.nextGaussian()));
            }
            double limit = Math.exp(-mean);
            double product = random.nextDouble();
            int count = 0;
            while (product > limit) {
                count++;
                product *= random.nextDouble();
            }
            return count;
        }

        void emit(SeriesSink sink) {
            for (int m = 0; m < METHODS.size(); m++) {
                for (int c = 0; c < CODES.size(); c++) {
                    sink.accept(app("http_requests_total", "method", METHODS.get(m), "code", CODES.get(c)),
                            timestamps, requests[m * CODES.size() + c]);
                }
            }
            for (int b = 0; b < buckets.length; b++) {
                sink.accept(app("http_request_duration_seconds_bucket", "le", BUCKETS.get(b)), timestamps, buckets[b]);
            }
            sink.accept(app("http_request_duration_seconds_sum"), timestamps, durationSum);
            sink.accept(app("http_request_duration_seconds_count"), timestamps, durationCount);
            sink.accept(app("http_requests_in_flight"), timestamps, inFlight);
            sink.accept(app("http_build_info", "version", version), timestamps, buildInfo);

            for (int c = 0; c < CPUS; c++) {
                for (int mode = 0; mode < CPU_MODES.size(); mode++) {
                    sink.accept(node("node_cpu_seconds_total", "cpu", Integer.toString(c), "mode", CPU_MODES.get(mode)),
                            timestamps, cpu[c * CPU_MODES.size() + mode]);
                }
            }
            sink.accept(node("node_memory_MemTotal_bytes"), timestamps, memTotal);
            sink.accept(node("node_memory_MemAvailable_bytes"), timestamps, memAvailable);
            sink.accept(node("node_load1"), timestamps, load1);
            sink.accept(node("node_network_receive_bytes_total", "device", "eth0"), timestamps, network[0]);
            sink.accept(node("node_network_transmit_bytes_total", "device", "eth0"), timestamps, network[1]);
            sink.accept(node("node_network_receive_bytes_total", "device", "lo"), timestamps, network[2]);
            sink.accept(node("node_network_transmit_bytes_total", "device", "lo"), timestamps, network[3]);
        }

        private Labels app(String name, String... more) {
            return labels(name, service, appInstance, more);
        }

        private Labels node(String name, String... more) {
            return labels(name, NODE_JOB, nodeInstance, more);
        }

        private Labels labels(String name, String job, String instance, String[] more) {
            Labels.Builder builder = Labels.builder()
                    .set(Labels.METRIC_NAME, name)
                    .set("job", job)
                    .set("instance", instance);
            for (int i = 0; i < more.length; i += 2) {
                builder.set(more[i], more[i + 1]);
            }
            return builder.build();
        }
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

    /**
     * Φ, the standard normal CDF, via erf from Abramowitz and Stegun, Handbook of Mathematical
     * Functions (1964), formula 7.1.26 (absolute error below 1.5e-7), which is plenty for
     * splitting request counts over buckets.
     */
    static double standardNormalCdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double poly = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t;
        double erf = 1 - poly * Math.exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
