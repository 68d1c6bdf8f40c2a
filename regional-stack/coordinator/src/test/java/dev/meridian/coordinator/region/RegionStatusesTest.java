package dev.meridian.coordinator.region;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.api.LimitExceededException;
import dev.meridian.promql.ErrorCode;
import dev.meridian.promql.PromqlException;
import dev.meridian.promql.storage.StorageException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class RegionStatusesTest {
    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyEngineCodeHasTheStatusAndErrorTypeOfTheProtocol(ErrorCode code) {
        StatusRuntimeException e = RegionStatuses.of(new PromqlException(code, "what went wrong"));

        String expected = switch (code) {
            case PARSE_ERROR, INVALID_ARGUMENT -> "INVALID_ARGUMENT bad_data";
            case EXECUTION -> "INVALID_ARGUMENT execution";
            case TOO_MANY_SAMPLES -> "RESOURCE_EXHAUSTED execution";
            case TIMEOUT -> "DEADLINE_EXCEEDED timeout";
            case CANCELED -> "CANCELLED canceled";
            case STORAGE -> "UNAVAILABLE internal";
        };
        assertThat(e.getStatus().getCode() + " " + e.getTrailers().get(RegionStatuses.ERROR_TYPE)).isEqualTo(expected);
        assertThat(e.getStatus().getDescription()).isEqualTo("what went wrong");
    }

    @Test
    void limitsAreResourceExhaustedWhateverTheirErrorType() {
        StatusRuntimeException series = RegionStatuses.of(LimitExceededException.maxSeries(10));
        assertThat(series.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(series.getTrailers().get(RegionStatuses.ERROR_TYPE)).isEqualTo("execution");
        assertThat(series.getStatus().getDescription()).startsWith("query exceeded the limit max_series=10");

        StatusRuntimeException range = RegionStatuses.of(LimitExceededException.maxRange("1d", "2d"));
        assertThat(range.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(range.getTrailers().get(RegionStatuses.ERROR_TYPE)).isEqualTo("bad_data");
    }

    @Test
    void storageFailuresAreUnavailableAndBugsInternal() {
        assertThat(RegionStatuses.of(new StorageException("2 of 16 shards have fewer than 2 answering replicas")).getStatus().getCode())
                .isEqualTo(Status.Code.UNAVAILABLE);
        StatusRuntimeException refused = RegionStatuses.of(new RejectedExecutionException("shut down"));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(refused.getTrailers().get(RegionStatuses.ERROR_TYPE)).isEqualTo("unavailable");
        StatusRuntimeException bug = RegionStatuses.of(new NullPointerException("x is null"));
        assertThat(bug.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(bug.getTrailers().get(RegionStatuses.ERROR_TYPE)).isEqualTo("internal");
        assertThat(bug.getStatus().getDescription()).contains("NullPointerException", "x is null");
    }
}
