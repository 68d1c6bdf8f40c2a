package dev.meridian.coordinator.remoteread;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.StaleMarker;
import dev.meridian.proto.remote.Label;
import dev.meridian.proto.remote.QueryResult;
import dev.meridian.proto.remote.ReadResponse;
import dev.meridian.proto.remote.Sample;
import dev.meridian.proto.remote.TimeSeries;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplesResponseEncoderTest {
    private static SeriesSamples series(Labels labels, long[] t, double[] v) {
        return new SeriesSamples(labels, t, v, t.length);
    }

    private static TimeSeries proto(SeriesSamples s) {
        TimeSeries.Builder out = TimeSeries.newBuilder();
        for (int i = 0; i < s.labels().size(); i++) {
            out.addLabels(Label.newBuilder().setName(s.labels().name(i)).setValue(s.labels().value(i)));
        }
        for (int i = 0; i < s.count(); i++) {
            out.addSamples(Sample.newBuilder().setTimestamp(s.timestamps()[i]).setValue(s.values()[i]));
        }
        return out.build();
    }

    /** Defaults (0 timestamp, +0.0) are left out as the generated code does; -0.0, NaNs and negatives are written. */
    @Test
    void bytesEqualTheGeneratedEncoding() {
        SeriesSamples a = series(Labels.of("__name__", "up", "job", "api", "zone", "ü-1"),
                new long[] {-1_000, 0, 1, 15_000, Long.MAX_VALUE},
                new double[] {0.0, -0.0, StaleMarker.VALUE, Double.NaN, 1e300});
        SeriesSamples b = series(Labels.of("__name__", "x".repeat(200)), new long[] {1_700_000_000_000L}, new double[] {42});
        SeriesSamples withArraysLongerThanCount = new SeriesSamples(Labels.of("a", "b"), new long[] {1, 2, 3},
                new double[] {1, 2, 3}, 2);
        List<List<SeriesSamples>> results = List.of(List.of(a, b), List.of(), List.of(withArraysLongerThanCount));

        List<List<byte[]>> encoded = new ArrayList<>();
        ReadResponse.Builder expected = ReadResponse.newBuilder();
        for (List<SeriesSamples> result : results) {
            List<byte[]> series = new ArrayList<>();
            QueryResult.Builder r = QueryResult.newBuilder();
            for (SeriesSamples s : result) {
                series.add(SamplesResponseEncoder.timeSeries(s));
                r.addTimeseries(proto(s));
            }
            encoded.add(series);
            expected.addResults(r);
        }

        byte[] bytes = SamplesResponseEncoder.readResponse(encoded);

        assertThat(bytes).isEqualTo(expected.build().toByteArray());
        assertThat(SamplesResponseEncoder.timeSeries(a)).isEqualTo(proto(a).toByteArray());
        assertThat(SamplesResponseEncoder.timeSeries(withArraysLongerThanCount))
                .isEqualTo(proto(new SeriesSamples(Labels.of("a", "b"), new long[] {1, 2}, new double[] {1, 2}, 2)).toByteArray());
    }

    @Test
    void noQueriesIsAnEmptyResponse() {
        assertThat(SamplesResponseEncoder.readResponse(List.of())).isEmpty();
    }
}
