package dev.meridian.promql.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.labels.MatchType;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.SampleIterator;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.storage.SeriesSet;
import dev.meridian.promql.storage.memory.InMemoryStorage;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DatasetTest {
    private static final long SEED = 20_230_131L;
    private static final Dataset DATA = Dataset.generate(SEED, Dataset.DEFAULT_START);

    private static String openMetrics(Dataset data) throws IOException {
        StringWriter out = new StringWriter();
        data.writeOpenMetrics(out);
        return out.toString();
    }

    @Test
    void theSameSeedGivesTheSameData() throws IOException {
        assertThat(openMetrics(Dataset.generate(SEED, Dataset.DEFAULT_START))).isEqualTo(openMetrics(DATA));
        assertThat(openMetrics(Dataset.generate(SEED + 1, Dataset.DEFAULT_START))).isNotEqualTo(openMetrics(DATA));
    }

    @Test
    void writesOpenMetricsAsPromtoolReadsIt() throws IOException {
        String text = openMetrics(DATA);
        assertThat(text).endsWith("\n# EOF\n");
        Pattern sample = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*\\})? (NaN|[+-]Inf|-?[0-9.E-]+) \\d+\\.\\d{3}");
        Set<String> familiesSeen = new HashSet<>();
        String family = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                family = line.split(" ")[2];
                // Each family appears once, with all its samples together.
                assertThat(familiesSeen.add(family)).as("family %s written once", family).isTrue();
            } else if (!line.equals("# EOF")) {
                assertThat(line).matches(sample);
                assertThat(line).startsWith(family);
            }
        }
        assertThat(familiesSeen).hasSize(DATA.families().size());
    }

    @Test
    void formatsTimestampsAsSecondsWithMillisecondsAndValuesThatParseBack() {
        assertThat(Dataset.formatTimestamp(1_700_000_000_005L)).isEqualTo("1700000000.005");
        assertThat(Dataset.formatTimestamp(1_700_000_123_450L)).isEqualTo("1700000123.450");
        assertThat(Dataset.formatValue(Double.NaN)).isEqualTo("NaN");
        assertThat(Dataset.formatValue(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(Dataset.formatValue(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        Random random = new Random(1);
        for (int i = 0; i < 10_000; i++) {
            double v = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(v)) {
                assertThat(Double.parseDouble(Dataset.formatValue(v))).isEqualTo(v);
            }
        }
    }

    @Test
    void holdsWhatTheComparisonNeeds() {
        assertThat(DATA.seriesCount()).isBetween(200, 1_000);
        List<Dataset.SeriesData> all = new ArrayList<>();
        DATA.families().forEach(f -> all.addAll(f.series()));
        assertThat(all).allSatisfy(s -> {
            assertThat(s.timestamps()[0]).isGreaterThanOrEqualTo(DATA.start());
            assertThat(s.timestamps()[s.timestamps().length - 1]).isLessThanOrEqualTo(DATA.end());
        });
        assertThat(values(all)).anyMatch(v -> Double.isNaN(v)).contains(Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY).anyMatch(v -> v < 0);
        // Counters that reset, histogram buckets up to +Inf, colons in names.
        assertThat(all).anyMatch(s -> s.labels().metricName().endsWith("_total") && decreases(s.values()));
        assertThat(all).anyMatch(s -> s.labels().metricName().endsWith("_bucket") && s.labels().get("le").equals("+Inf"));
        assertThat(all).anyMatch(s -> s.labels().metricName().contains(":"));
        // Two metrics over the same label sets.
        assertThat(DATA.catalog().get("node_memory_MemTotal_bytes"))
                .isEqualTo(DATA.catalog().get("node_memory_MemAvailable_bytes"));
        // Irregular scrapes, and gaps longer than the 5m lookback.
        assertThat(all).anyMatch(s -> hasStepOtherThan(s.timestamps(), 15_000) && maxStep(s.timestamps()) < 20_000);
        assertThat(all).anyMatch(s -> maxStep(s.timestamps()) > 5 * 60_000);
    }

    @Test
    void loadsEverySampleIntoStorage() {
        InMemoryStorage storage = new InMemoryStorage();
        DATA.loadInto(storage);
        assertThat(storage.seriesCount()).isEqualTo(DATA.seriesCount());
        long samples = 0;
        try (Querier querier = storage.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = querier.select(SelectHints.ofRange(Long.MIN_VALUE, Long.MAX_VALUE),
                    List.of(LabelMatcher.of(MatchType.REGEX, Labels.METRIC_NAME, ".+")));
            while (set.next()) {
                SampleIterator it = set.at().iterator();
                while (it.next()) {
                    samples++;
                }
            }
        }
        assertThat(samples).isEqualTo(DATA.sampleCount());
    }

    private static List<Double> values(List<Dataset.SeriesData> series) {
        List<Double> values = new ArrayList<>();
        for (Dataset.SeriesData s : series) {
            for (double v : s.values()) {
                values.add(v);
            }
        }
        return values;
    }

    private static boolean decreases(double[] values) {
        for (int i = 1; i < values.length; i++) {
            if (values[i] < values[i - 1]) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasStepOtherThan(long[] timestamps, long step) {
        for (int i = 1; i < timestamps.length; i++) {
            if (timestamps[i] - timestamps[i - 1] != step) {
                return true;
            }
        }
        return false;
    }

    private static long maxStep(long[] timestamps) {
        long max = 0;
        for (int i = 1; i < timestamps.length; i++) {
            max = Math.max(max, timestamps[i] - timestamps[i - 1]);
        }
        return max;
    }
}
