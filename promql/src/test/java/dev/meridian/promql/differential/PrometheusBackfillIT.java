package dev.meridian.promql.differential;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.testing.PrometheusProcess;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The premise of the differential test: after promtool backfills the dataset's OpenMetrics text,
 * Prometheus holds exactly the dataset's samples (labels, millisecond timestamps, values bit for
 * bit), so any difference in answers comes from the engines, not from the data.
 */
class PrometheusBackfillIT {
    @Test
    void prometheusHoldsExactlyTheGeneratedSamples(@TempDir Path work) throws Exception {
        PrometheusProcess.requireVersion242();
        Dataset data = Dataset.generate(20_230_131L, Dataset.DEFAULT_START);
        Path openMetrics = work.resolve("data.om");
        try (Writer out = Files.newBufferedWriter(openMetrics, UTF_8)) {
            data.writeOpenMetrics(out);
        }

        try (PrometheusServer server = PrometheusServer.start(work, openMetrics)) {
            for (String metric : data.catalog().keySet()) {
                List<Outcome.ResultSeries> expected = new ArrayList<>();
                for (Dataset.SeriesData series : data.series(metric)) {
                    expected.add(new Outcome.ResultSeries(new TreeMap<>(series.labels().toMap()), series.timestamps(),
                            series.values()));
                }
                // A window reaching from before the first sample to the last one.
                Outcome answer = server.query("{__name__=\"" + metric + "\"}[2h1m]", data.end());
                assertThat(OutcomeComparison.identical(answer, new Outcome.Success("matrix", expected, null)))
                        .as("Prometheus holds the samples of %s as generated; it answered %s", metric, answer)
                        .isTrue();
            }
        }
    }
}
