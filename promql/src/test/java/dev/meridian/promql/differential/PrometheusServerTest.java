package dev.meridian.promql.differential;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Reading Prometheus' HTTP API answers; starting the process is covered by PrometheusDifferentialIT. */
class PrometheusServerTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static Outcome parse(String json) throws Exception {
        return PrometheusServer.parse(JSON.readTree(json));
    }

    @Test
    void writesTimesAsSecondsWithMilliseconds() {
        assertThat(PrometheusServer.seconds(1_700_000_000_123L)).isEqualTo("1700000000.123");
        assertThat(PrometheusServer.seconds(1_700_000_000_000L)).isEqualTo("1700000000.000");
        assertThat(PrometheusServer.seconds(5)).isEqualTo("0.005");
    }

    @Test
    void readsVectorsWithExactMillisecondsAndSpecialValues() throws Exception {
        Outcome outcome = parse("""
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"__name__":"up","job":"a"},"value":[1700000000.123,"1"]},
                  {"metric":{"job":"b"},"value":[1700000000.123,"NaN"]},
                  {"metric":{"job":"c"},"value":[1700000000.123,"+Inf"]},
                  {"metric":{"job":"d"},"value":[1700000000.123,"-Inf"]},
                  {"metric":{"job":"e"},"value":[1700000000.123,"0.09704160521964429"]}]}}""");
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Success.class, s -> {
            assertThat(s.type()).isEqualTo("vector");
            assertThat(s.series()).extracting(r -> r.timestamps()[0]).containsOnly(1_700_000_000_123L);
            assertThat(s.series()).extracting(r -> r.values()[0])
                    .containsExactly(1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                            0.09704160521964429);
            assertThat(s.series().get(0).labels()).isEqualTo(new TreeMap<>(Map.of("__name__", "up", "job", "a")));
        });
    }

    @Test
    void readsMatricesScalarsStringsAndErrors() throws Exception {
        assertThat(parse("""
                {"status":"success","data":{"resultType":"matrix","result":[
                  {"metric":{},"values":[[1700000000,"1"],[1700000015.5,"2"]]}]}}"""))
                .isEqualTo(new Outcome.Success("matrix", List.of(new Outcome.ResultSeries(new TreeMap<>(),
                        new long[] {1_700_000_000_000L, 1_700_000_015_500L}, new double[] {1, 2})), null));
        assertThat(parse("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1.5,\"-2\"]}}"))
                .isEqualTo(new Outcome.Success("scalar", List.of(new Outcome.ResultSeries(new TreeMap<>(),
                        new long[] {1_500}, new double[] {-2})), null));
        assertThat(parse("{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1.5,\"hi\"]}}"))
                .isEqualTo(new Outcome.Success("string", List.of(), "hi"));
        assertThat(parse("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:1: parse error\"}"))
                .isEqualTo(new Outcome.Failure("bad_data", "1:1: parse error"));
    }
}
