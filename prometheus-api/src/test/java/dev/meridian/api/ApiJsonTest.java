package dev.meridian.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.value.Matrix;
import dev.meridian.promql.value.RangeSeries;
import dev.meridian.promql.value.Sample;
import dev.meridian.promql.value.Scalar;
import dev.meridian.promql.value.StringValue;
import dev.meridian.promql.value.Vector;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link ApiJson} writes the bytes Prometheus 2.42 writes (recorded from its answers). */
class ApiJsonTest {
    @Test
    void writesVectorsWithJsoniterTimesAndValues() {
        Vector vector = new Vector(List.of(
                new Sample(Labels.of("__name__", "up", "job", "a<b>&c"), -1500, Double.POSITIVE_INFINITY),
                new Sample(Labels.EMPTY, 1000, 1e-7),
                new Sample(Labels.EMPTY, 1050, 1e22),
                new Sample(Labels.EMPTY, 1700000000005L, 0.25)));

        assertThat(ApiJson.queryData(vector, null).toString()).isEqualTo("{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"__name__\":\"up\",\"job\":\"a\\u003cb\\u003e\\u0026c\"},\"value\":[-1.500,\"+Inf\"]},"
                + "{\"metric\":{},\"value\":[1,\"1e-07\"]},"
                + "{\"metric\":{},\"value\":[1.050,\"1e+22\"]},"
                + "{\"metric\":{},\"value\":[1700000000.005,\"0.25\"]}]}");
    }

    @Test
    void writesMatrices() {
        Matrix matrix = new Matrix(List.of(new RangeSeries(Labels.of("a", "b"), new long[] {0, 15000}, new double[] {Double.NaN, -2})));

        assertThat(ApiJson.queryData(matrix, null).toString())
                .isEqualTo("{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"a\":\"b\"},\"values\":[[0,\"NaN\"],[15,\"-2\"]]}]}");
    }

    @Test
    void writesScalarsAndStringsWithShortTimesAndPlainValues() {
        assertThat(ApiJson.queryData(new Scalar(1500, 1e-7), null).toString())
                .isEqualTo("{\"resultType\":\"scalar\",\"result\":[1.5,\"0.0000001\"]}");
        assertThat(ApiJson.queryData(new StringValue(1002, "a\"\n\u2028\u0001\ud800"), null).toString())
                .isEqualTo("{\"resultType\":\"string\",\"result\":[1.002,\"a\\\"\\n\\u2028\\u0001\\ufffd\"]}");
    }

    @Test
    void wrapsDataAndErrors() {
        assertThat(ApiJson.success("[]", Set.of())).isEqualTo("{\"status\":\"success\",\"data\":[]}");
        assertThat(ApiJson.success("[]", List.of("partial"))).isEqualTo("{\"status\":\"success\",\"data\":[],\"warnings\":[\"partial\"]}");
        assertThat(ApiJson.error(ApiErrorType.BAD_DATA, "invalid parameter \"x\""))
                .isEqualTo("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"x\\\"\"}");
    }

    @Test
    void writesExtraFieldsAfterWarningsAndAfterTheError() {
        List<ResponseField> fields = List.of(new ResponseField("coverage", "[{\"region\":\"eu\"}]"),
                new ResponseField("a\"b", "1"));

        assertThat(ApiJson.success("[]", List.of("partial"), fields)).isEqualTo(
                "{\"status\":\"success\",\"data\":[],\"warnings\":[\"partial\"],\"coverage\":[{\"region\":\"eu\"}],\"a\\\"b\":1}");
        assertThat(ApiJson.success("[]", List.of(), fields.subList(0, 1)))
                .isEqualTo("{\"status\":\"success\",\"data\":[],\"coverage\":[{\"region\":\"eu\"}]}");
        assertThat(ApiJson.error(ApiErrorType.TIMEOUT, "slow", fields.subList(0, 1)))
                .isEqualTo("{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"slow\",\"coverage\":[{\"region\":\"eu\"}]}");
    }

    @Test
    void writesPointTimesEvenAtTheExtremes() {
        assertThat(ApiJson.pointSeconds(Long.MIN_VALUE)).isEqualTo("-9223372036854775.808");
        assertThat(ApiJson.pointSeconds(Long.MAX_VALUE)).isEqualTo("9223372036854775.807");
        assertThat(ApiJson.pointSeconds(-5)).isEqualTo("-0.005");
    }

    @Test
    void mapsEveryEngineErrorToOneType() {
        assertThat(ApiErrorType.of(dev.meridian.promql.ErrorCode.PARSE_ERROR)).isEqualTo(ApiErrorType.BAD_DATA);
        assertThat(ApiErrorType.of(dev.meridian.promql.ErrorCode.TOO_MANY_SAMPLES).httpStatus()).isEqualTo(422);
        assertThat(ApiErrorType.of(dev.meridian.promql.ErrorCode.TIMEOUT).httpStatus()).isEqualTo(503);
        assertThat(ApiErrorType.of(dev.meridian.promql.ErrorCode.CANCELED).wireName()).isEqualTo("canceled");
        assertThat(ApiErrorType.of(dev.meridian.promql.ErrorCode.STORAGE).httpStatus()).isEqualTo(500);
    }
}
