package dev.meridian.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** {@link QueryParams} reads {@code /query} and {@code /query_range} parameters into requests, with 2.42's checks in 2.42's order. */
class QueryParamsTest {
    private static final Instant NOW = Instant.ofEpochMilli(1_700_000_000_123L);
    private final QueryParams params = new QueryParams(new ApiLimits(100, 1000, Duration.ofDays(1), Duration.ofSeconds(30)),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static FormParams form(String query) {
        return FormParams.of(query, null);
    }

    @Test
    void readsAnInstantQuery() {
        QueryRequest request = params.instant(form("query=sum(up)&time=2023-11-14T22:13:20.5Z&timeout=2s"));
        QueryRequest now = params.instant(form("query=up&timeout=1h"));

        assertThat(request.expr().toString()).isEqualTo("sum(up)");
        assertThat(request.instant()).isTrue();
        assertThat(request.startMillis()).isEqualTo(1_700_000_000_500L).isEqualTo(request.endMillis());
        assertThat(request.timeoutNanos()).isEqualTo(2_000_000_000L);
        assertThat(now.startMillis()).isEqualTo(NOW.toEpochMilli());
        assertThat(now.timeoutNanos()).as("the limit caps the client's timeout").isEqualTo(30_000_000_000L);
    }

    @Test
    void readsARangeQuery() {
        QueryRequest request = params.range(form("query=rate(x[5m])&start=1700000000&end=1700003600&step=1m&explain=1"));

        assertThat(request.instant()).isFalse();
        assertThat(request.startMillis()).isEqualTo(1_700_000_000_000L);
        assertThat(request.endMillis()).isEqualTo(1_700_003_600_000L);
        assertThat(request.stepMillis()).isEqualTo(60_000L);
        assertThat(request.params().value("explain")).isEqualTo("1");
    }

    @Test
    void refusesAsTheApiDoes() {
        assertThatThrownBy(() -> params.instant(form("query=sum(")))
                .hasMessage("invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis");
        assertThatThrownBy(() -> params.instant(form("query=up&timeout=0"))).isInstanceOf(ApiException.class)
                .hasMessage("query timed out in query queue")
                .satisfies(e -> assertThat(((ApiException) e).type()).isEqualTo(ApiErrorType.TIMEOUT));
        assertThatThrownBy(() -> params.range(form("query=sum(&start=1&end=2&step=1")))
                .as("no parameter prefix for a range query's parse error, as 2.42").hasMessageStartingWith("1:5: parse error");
        assertThatThrownBy(() -> params.range(form("query=up&start=1&end=1000000&step=1")))
                .hasMessageStartingWith("exceeded maximum resolution of 11,000 points per timeseries");
        assertThatThrownBy(() -> params.range(form("query=up&start=0&end=200000&step=60")))
                .isInstanceOf(LimitExceededException.class).hasMessageStartingWith("query exceeded the limit max_range=1d");
    }

    @Test
    void checksARangeQueryAsTheEngineWouldBeforeItsLimits() {
        // 2.42's engine refuses the type before the step under 1ms and before max_range.
        String typeError = "invalid expression type \"range vector\" for range query, must be Scalar or instant Vector";
        assertThatThrownBy(() -> params.range(form("query=up[5m]&start=0&end=1&step=0.0001")))
                .isInstanceOf(ApiException.class).hasMessage(typeError);
        assertThatThrownBy(() -> params.range(form("query=up[5m]&start=0&end=200000&step=60")))
                .isInstanceOf(ApiException.class).hasMessage(typeError);
        assertThatThrownBy(() -> params.range(form("query=up&start=0&end=1&step=0.0001")))
                .hasMessage("invalid parameter \"step\": query resolution step widths below 1ms are not accepted (got: \"0.0001\")");
        // 1e10 seconds is past int64 nanoseconds: the engine's milliseconds wrap below the start.
        assertThatThrownBy(() -> params.range(form("query=up&start=0&end=1e10&step=1e7")))
                .isInstanceOf(ApiException.class).hasMessage("end timestamp must not be before start time");
    }
}
