package dev.meridian.coordinator.querycmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseParserTest {
    @Test
    void readsVectorsWithExactMillisecondsAndSpecialValues() throws Exception {
        QueryResponse response = ResponseParser.parse("""
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"__name__":"up","job":"a"},"value":[1700000000.123,"1"]},
                  {"metric":{"job":"b"},"value":[1700000000.123,"NaN"]},
                  {"metric":{"job":"c"},"value":[1700000000.123,"+Inf"]},
                  {"metric":{"job":"d"},"value":[1700000000.123,"-Inf"]},
                  {"metric":{"job":"e"},"value":[1700000000.123,"0.09704160521964429"]}]}}""");

        assertThat(response).isInstanceOfSatisfying(QueryResponse.Samples.class, samples -> {
            assertThat(samples.type()).isEqualTo(ResultType.VECTOR);
            assertThat(samples.series()).flatExtracting(Series::points).extracting(Point::timestampMillis)
                    .containsOnly(1_700_000_000_123L);
            assertThat(samples.series()).flatExtracting(Series::points).extracting(Point::value)
                    .containsExactly(1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.09704160521964429);
            assertThat(samples.series().get(0).labels()).isEqualTo(Map.of("__name__", "up", "job", "a"));
        });
    }

    @Test
    void readsMatricesScalarsStringsAndErrors() throws Exception {
        assertThat(ResponseParser.parse("""
                {"status":"success","data":{"resultType":"matrix","result":[
                  {"metric":{},"values":[[1700000000,"1"],[1700000015.5,"2"]]}]}}"""))
                .isEqualTo(new QueryResponse.Samples(ResultType.MATRIX, List.of(new Series(Map.of(),
                        List.of(new Point(1_700_000_000_000L, 1), new Point(1_700_000_015_500L, 2))))));
        assertThat(ResponseParser.parse("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1.5,\"-2\"]}}"))
                .isEqualTo(new QueryResponse.Samples(ResultType.SCALAR, List.of(new Series(Map.of(), List.of(new Point(1_500, -2))))));
        assertThat(ResponseParser.parse("{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1.5,\"hi\"]}}"))
                .isEqualTo(new QueryResponse.Text(1_500, "hi"));
        assertThat(ResponseParser.parse("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:1: parse error\"}"))
                .isEqualTo(new QueryResponse.ApiError("bad_data", "1:1: parse error"));
    }

    @Test
    void rejectsWhatIsNotAPrometheusResponse() {
        assertThatThrownBy(() -> ResponseParser.parse("<html>502 Bad Gateway</html>"))
                .isInstanceOf(MalformedResponseException.class).hasMessageStartingWith("not JSON: <html>");
        assertThatThrownBy(() -> ResponseParser.parse("{\"status\":\"success\",\"data\":{\"resultType\":\"table\",\"result\":[]}}"))
                .hasMessageContaining("unknown resultType \"table\"");
        assertThatThrownBy(() -> ResponseParser.parse(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,2]}]}}"))
                .hasMessage("a sample value must be a JSON string (got: 2)");
        assertThatThrownBy(() -> ResponseParser.parse(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1.0001,\"2\"]}}"))
                .hasMessage("a timestamp must be whole milliseconds (got: 1.0001)");
    }
}
