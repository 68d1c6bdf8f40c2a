package dev.meridian.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.promql.labels.Labels;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeExporterFleetTest {
    private static final long START = 1_700_000_000_000L;

    @Test
    void sameParametersSameSamples() {
        NodeExporterFleet a = new NodeExporterFleet(3, 10_000, START, 7);
        NodeExporterFleet b = new NodeExporterFleet(3, 10_000, START, 7);
        NodeExporterFleet other = new NodeExporterFleet(3, 10_000, START, 8);
        int n = a.seriesCount();
        for (int round = 0; round < 50; round++) {
            long[] ta = new long[n];
            double[] va = new double[n];
            long[] tb = new long[n];
            double[] vb = new double[n];
            double[] vo = new double[n];
            a.scrape(round, (s, t, v) -> {
                ta[s] = t;
                va[s] = v;
            });
            b.scrape(round, (s, t, v) -> {
                tb[s] = t;
                vb[s] = v;
            });
            other.scrape(round, (s, t, v) -> vo[s] = v);
            assertThat(tb).isEqualTo(ta);
            assertThat(vb).isEqualTo(va);
            assertThat(vo).isNotEqualTo(va);
        }
    }

    @Test
    void everySeriesIsDistinctAndNamedLikeNodeExporter() {
        NodeExporterFleet fleet = NodeExporterFleet.ofSeries(1000, 10_000, START, 1);
        assertThat(fleet.hosts()).isEqualTo(4);
        assertThat(fleet.seriesCount()).isEqualTo(4 * NodeExporterFleet.SERIES_PER_HOST);
        Set<Labels> seen = new HashSet<>();
        for (int s = 0; s < fleet.seriesCount(); s++) {
            Labels labels = fleet.labels(s);
            assertThat(seen.add(labels)).as("unique: %s", labels).isTrue();
            assertThat(labels.get("job")).isEqualTo("node");
            assertThat(labels.get("instance")).matches("host-\\d{5}:9100");
            assertThat(labels.get("__name__")).matches("(node|go|process)_[a-zA-Z0-9_]+");
        }
    }

    @Test
    void countersNeverDecreaseAndTimestampsAreMostlyRegular() {
        NodeExporterFleet fleet = new NodeExporterFleet(10, 10_000, START, 3);
        int n = fleet.seriesCount();
        double[] previous = new double[n];
        long[] previousTime = new long[n];
        int[] irregular = {0};
        int[] changed = {0};
        int[] samples = {0};
        String[] names = new String[n];
        for (int s = 0; s < n; s++) {
            names[s] = fleet.labels(s).get("__name__");
        }
        for (int round = 0; round < 360; round++) {
            int r = round;
            fleet.scrape(round, (s, t, v) -> {
                if (r > 0) {
                    if (names[s].endsWith("_total")) {
                        assertThat(v).as("%s at round %d", fleet.labels(s), r).isGreaterThanOrEqualTo(previous[s]);
                    }
                    if (t - previousTime[s] != 10_000) {
                        irregular[0]++;
                    }
                    if (v != previous[s]) {
                        changed[0]++;
                    }
                    samples[0]++;
                }
                assertThat(t).isBetween(START + r * 10_000L, fleet.roundEnd(r));
                previous[s] = v;
                previousTime[s] = t;
            });
        }
        // About 2% of intervals touch a late scrape (it and the one after), and about half of all
        // series change from one scrape to the next, as on a real host.
        assertThat((double) irregular[0] / samples[0]).isBetween(0.01, 0.03);
        assertThat((double) changed[0] / samples[0]).isBetween(0.3, 0.7);
    }

    @Test
    void roundsComeInOrder() {
        NodeExporterFleet fleet = new NodeExporterFleet(1, 10_000, START, 3);
        assertThatThrownBy(() -> fleet.scrape(1, (s, t, v) -> {})).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("expected round 0, got 1");
    }
}
