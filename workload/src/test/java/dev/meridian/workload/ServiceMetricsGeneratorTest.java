package dev.meridian.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.memory.InMemoryStorage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceMetricsGeneratorTest {
    private static final DatasetSpec SMALL = new DatasetSpec(3, 40, 15_000, DatasetSpec.DEFAULT_START_MILLIS, 7);

    @Test
    void everyHostHasFiftySeriesWithOneSamplePerScrape() {
        Map<Labels, double[]> series = collect(SMALL);

        assertThat(series).hasSize(SMALL.seriesCount()).hasSize(150);
        for (double[] values : series.values()) {
            assertThat(values).hasSize(40);
        }
    }

    @Test
    void timestampsFollowTheScrapeGrid() {
        List<long[]> grids = new ArrayList<>();
        new ServiceMetricsGenerator(SMALL).generateHost(0, (labels, ts, values) -> grids.add(ts.clone()));

        assertThat(grids).hasSize(ServiceMetricsGenerator.SERIES_PER_HOST);
        for (long[] ts : grids) {
            assertThat(ts[0]).isEqualTo(SMALL.startMillis());
            assertThat(ts[39]).isEqualTo(SMALL.endMillis()).isEqualTo(SMALL.startMillis() + 39 * 15_000);
            for (int i = 1; i < ts.length; i++) {
                assertThat(ts[i] - ts[i - 1]).isEqualTo(15_000);
            }
        }
    }

    @Test
    void hostsHaveTheMetricsOfAServiceAndANodeExporter() {
        Map<Labels, double[]> series = collect(SMALL);

        Map<String, Integer> perMetric = new LinkedHashMap<>();
        for (Labels labels : series.keySet()) {
            perMetric.merge(labels.metricName(), 1, Integer::sum);
        }
        assertThat(perMetric).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("http_requests_total", 3 * 20),
                Map.entry("http_request_duration_seconds_bucket", 3 * 11),
                Map.entry("http_request_duration_seconds_sum", 3),
                Map.entry("http_request_duration_seconds_count", 3),
                Map.entry("http_requests_in_flight", 3),
                Map.entry("http_build_info", 3),
                Map.entry("node_cpu_seconds_total", 3 * 8),
                Map.entry("node_memory_MemTotal_bytes", 3),
                Map.entry("node_memory_MemAvailable_bytes", 3),
                Map.entry("node_load1", 3),
                Map.entry("node_network_receive_bytes_total", 3 * 2),
                Map.entry("node_network_transmit_bytes_total", 3 * 2)));
        assertThat(series.keySet())
                .contains(Labels.of("__name__", "http_requests_total", "job", "api-gateway",
                        "instance", "10.0.0.1:8080", "method", "GET", "code", "200"))
                .contains(Labels.of("__name__", "http_request_duration_seconds_bucket", "job", "auth",
                        "instance", "10.0.0.2:8080", "le", "+Inf"))
                .contains(Labels.of("__name__", "node_cpu_seconds_total", "job", "node",
                        "instance", "10.0.0.3:9100", "cpu", "1", "mode", "iowait"));
    }

    @Test
    void sameSpecGivesTheSameDataAndAnotherSeedDifferentData() {
        Map<Labels, double[]> first = collect(SMALL);
        Map<Labels, double[]> second = collect(SMALL);
        Map<Labels, double[]> reseeded = collect(new DatasetSpec(3, 40, 15_000, SMALL.startMillis(), 8));

        assertThat(second.keySet()).isEqualTo(first.keySet());
        first.forEach((labels, values) -> assertThat(second.get(labels)).as("%s", labels).isEqualTo(values));
        Labels get200 = Labels.of("__name__", "http_requests_total", "job", "api-gateway",
                "instance", "10.0.0.1:8080", "method", "GET", "code", "200");
        assertThat(reseeded.get(get200)).isNotEqualTo(first.get(get200));
    }

    @Test
    void aHostIsTheSameInEveryFleetThatHasIt() {
        Map<Labels, double[]> small = collect(SMALL);
        Map<Labels, double[]> larger = collect(new DatasetSpec(10, 40, 15_000, SMALL.startMillis(), SMALL.seed()));

        assertThat(larger.keySet()).containsAll(small.keySet());
        small.forEach((labels, values) -> assertThat(larger.get(labels)).as("%s", labels).isEqualTo(values));
    }

    @Test
    void countersOnlyDropWhenTheServiceRestartsAndSomeServicesDo() {
        DatasetSpec spec = new DatasetSpec(40, 720, 15_000, DatasetSpec.DEFAULT_START_MILLIS, DatasetSpec.DEFAULT_SEED);
        Map<String, Integer> resetScrapeByInstance = new LinkedHashMap<>();
        new ServiceMetricsGenerator(spec).generate((labels, ts, values) -> {
            String name = labels.metricName();
            if (!isCounter(name)) {
                return;
            }
            List<Integer> drops = new ArrayList<>();
            for (int i = 1; i < values.length; i++) {
                assertThat(values[i]).as("%s at %d", labels, i).isFinite().isNotNegative();
                if (values[i] < values[i - 1]) {
                    drops.add(i);
                }
            }
            if (name.startsWith("node_")) {
                assertThat(drops).as("node counter %s", labels).isEmpty();
            } else if (!drops.isEmpty()) {
                assertThat(drops).as("%s", labels).hasSize(1);
                Integer previous = resetScrapeByInstance.putIfAbsent(labels.get("instance"), drops.get(0));
                if (previous != null) {
                    assertThat(drops.get(0)).as("all counters of %s reset together", labels.get("instance"))
                            .isEqualTo(previous);
                }
            }
        });

        // About a quarter of the 40 hosts restart; with this seed, at least a few must.
        assertThat(resetScrapeByInstance).hasSizeBetween(3, 20);
    }

    @Test
    void histogramBucketsAreCumulativeAndMatchTheRequestCounter() {
        Map<Labels, double[]> series = collect(SMALL);

        for (int host = 0; host < SMALL.hosts(); host++) {
            String job = ServiceMetricsGenerator.serviceOf(host);
            String instance = "10.0.0." + (host + 1) + ":8080";
            double[] count = series.get(Labels.of("__name__", "http_request_duration_seconds_count",
                    "job", job, "instance", instance));
            double[] sum = series.get(Labels.of("__name__", "http_request_duration_seconds_sum",
                    "job", job, "instance", instance));
            for (int i = 0; i < SMALL.samplesPerSeries(); i++) {
                double previousBucket = 0;
                for (String le : ServiceMetricsGenerator.BUCKETS) {
                    double bucket = series.get(Labels.of("__name__", "http_request_duration_seconds_bucket",
                            "job", job, "instance", instance, "le", le))[i];
                    assertThat(bucket).as("le=%s at %d on %s", le, i, instance).isGreaterThanOrEqualTo(previousBucket);
                    previousBucket = bucket;
                }
                assertThat(previousBucket).as("+Inf is _count").isEqualTo(count[i]);

                double requests = 0;
                for (String method : ServiceMetricsGenerator.METHODS) {
                    for (String code : ServiceMetricsGenerator.CODES) {
                        requests += series.get(Labels.of("__name__", "http_requests_total", "job", job,
                                "instance", instance, "method", method, "code", code))[i];
                    }
                }
                assertThat(count[i]).as("_count is the sum of http_requests_total").isEqualTo(requests);
                // Mean latency between the smallest and the largest median's mean (20ms..160ms × e^(σ²/2)).
                assertThat(sum[i] / count[i]).isBetween(0.01, 1.0);
            }
        }
    }

    @Test
    void cpuModesAddUpToWallTimeAndGaugesStayInRange() {
        Map<Labels, double[]> series = collect(SMALL);

        for (int host = 0; host < SMALL.hosts(); host++) {
            String instance = "10.0.0." + (host + 1) + ":9100";
            for (int cpu = 0; cpu < 2; cpu++) {
                double[] total = new double[SMALL.samplesPerSeries()];
                for (String mode : List.of("idle", "user", "system", "iowait")) {
                    double[] values = series.get(Labels.of("__name__", "node_cpu_seconds_total", "job", "node",
                            "instance", instance, "cpu", Integer.toString(cpu), "mode", mode));
                    for (int i = 0; i < total.length; i++) {
                        total[i] += values[i];
                    }
                }
                for (int i = 1; i < total.length; i++) {
                    assertThat(total[i] - total[i - 1]).isCloseTo(15.0, within(1e-6));
                }
            }
            double[] memTotal = series.get(Labels.of("__name__", "node_memory_MemTotal_bytes", "job", "node",
                    "instance", instance));
            double[] available = series.get(Labels.of("__name__", "node_memory_MemAvailable_bytes", "job", "node",
                    "instance", instance));
            double[] load1 = series.get(Labels.of("__name__", "node_load1", "job", "node", "instance", instance));
            for (int i = 0; i < SMALL.samplesPerSeries(); i++) {
                assertThat(memTotal[i]).isIn(8.0 * (1 << 30), 16.0 * (1 << 30), 32.0 * (1 << 30));
                assertThat(available[i]).isBetween(0.1 * memTotal[i] - 1, 0.9 * memTotal[i] + 1);
                assertThat(load1[i]).isBetween(0.0, 2.0 * 2);
            }
        }
        series.forEach((labels, values) -> {
            if (labels.metricName().equals("http_build_info")) {
                assertThat(labels.get("version")).isNotEmpty();
                assertThat(values).containsOnly(1.0);
            } else if (labels.metricName().equals("http_requests_in_flight")) {
                for (double v : values) {
                    assertThat(v).isNotNegative().isEqualTo(Math.rint(v));
                }
            }
        });
    }

    @Test
    void loadWritesEverySeriesIntoStorage() {
        InMemoryStorage storage = new ServiceMetricsGenerator(SMALL).load();

        assertThat(storage.seriesCount()).isEqualTo(150);
    }

    @Test
    void rejectsAHostOutsideTheFleetAndNullArguments() {
        ServiceMetricsGenerator generator = new ServiceMetricsGenerator(SMALL);

        assertThatThrownBy(() -> generator.generateHost(3, (labels, ts, values) -> {}))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> generator.generate(null)).hasMessage("sink is null");
        assertThatThrownBy(() -> new ServiceMetricsGenerator(null)).hasMessage("spec is null");
    }

    @Test
    void standardNormalCdfMatchesKnownValues() {
        assertThat(ServiceMetricsGenerator.standardNormalCdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(ServiceMetricsGenerator.standardNormalCdf(1.959964)).isCloseTo(0.975, within(1e-6));
        assertThat(ServiceMetricsGenerator.standardNormalCdf(-1)).isCloseTo(0.158655, within(1e-6));
        assertThat(ServiceMetricsGenerator.standardNormalCdf(-8)).isCloseTo(0, within(1e-7));
    }

    private static boolean isCounter(String name) {
        return name.endsWith("_total") || name.endsWith("_bucket") || name.endsWith("_sum") || name.endsWith("_count");
    }

    private static Map<Labels, double[]> collect(DatasetSpec spec) {
        Map<Labels, double[]> series = new LinkedHashMap<>();
        new ServiceMetricsGenerator(spec).generate((labels, ts, values) -> {
            double[] previous = series.put(labels, values.clone());
            assertThat(previous).as("series %s generated twice", labels).isNull();
        });
        return series;
    }
}
