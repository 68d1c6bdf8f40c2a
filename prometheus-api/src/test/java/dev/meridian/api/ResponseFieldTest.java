package dev.meridian.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.promql.ErrorCode;
import dev.meridian.promql.PromqlException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checks that keep extra envelope fields from breaking Prometheus' shape, and how answers and errors carry them. */
class ResponseFieldTest {
    private static final ResponseField COVERAGE = new ResponseField("coverage", "[]");

    @ParameterizedTest
    @ValueSource(strings = {"status", "data", "error", "errorType", "warnings"})
    void refusesTheEnvelopesOwnNames(String name) {
        assertThatThrownBy(() -> new ResponseField(name, "1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be one of the envelope's own names").hasMessageEndingWith("(got: \"" + name + "\")");
    }

    @Test
    void refusesEmptyNamesAndValues() {
        assertThatThrownBy(() -> new ResponseField("", "1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("response field name must not be empty");
        assertThatThrownBy(() -> new ResponseField("coverage", " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("response field \"coverage\" must have a JSON value (got: \" \")");
        assertThatThrownBy(() -> new ResponseField(null, "1")).isInstanceOf(NullPointerException.class).hasMessage("name is null");
    }

    @Test
    void refusesTwoFieldsOfOneName() {
        List<ResponseField> twice = List.of(COVERAGE, new ResponseField("coverage", "{}"));

        assertThatThrownBy(() -> new Answer<>("[]", List.of(), twice)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("response fields must have distinct names (got: \"coverage\" twice)");
        assertThatThrownBy(() -> new ApiException(ApiErrorType.INTERNAL, "x", twice)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mapsAnAnswersValueAndKeepsItsWarningsAndFields() {
        Answer<List<String>> answer = new Answer<>(List.of("a"), List.of("partial"), List.of(COVERAGE));

        Answer<CharSequence> json = answer.map(ApiJson::stringList);

        assertThat(json.value().toString()).isEqualTo("[\"a\"]");
        assertThat(json.warnings()).containsExactly("partial");
        assertThat(json.fields()).containsExactly(COVERAGE);
        assertThat(Answer.of("x").warnings()).isEmpty();
        assertThat(Answer.of("x").fields()).isEmpty();
    }

    @Test
    void turnsAnEngineErrorIntoTheApiErrorWithFields() {
        PromqlException timeout = new PromqlException(ErrorCode.TIMEOUT, "query timed out in expression evaluation");

        ApiException error = ApiException.from(timeout).withFields(List.of(COVERAGE));

        assertThat(error.type()).isEqualTo(ApiErrorType.TIMEOUT);
        assertThat(error.getMessage()).isEqualTo("query timed out in expression evaluation");
        assertThat(error.fields()).containsExactly(COVERAGE);
        assertThat(error.getCause()).isSameAs(timeout);
        assertThat(new ApiException(ApiErrorType.BAD_DATA, "x").fields()).isEmpty();
    }
}
