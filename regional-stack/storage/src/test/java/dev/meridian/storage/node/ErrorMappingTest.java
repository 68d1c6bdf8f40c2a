package dev.meridian.storage.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ErrorMappingTest {
    @ParameterizedTest
    @CsvSource({
            "INVALID_SERIES, INVALID_ARGUMENT",
            "SAMPLE_OUT_OF_BOUNDS, INVALID_ARGUMENT",
            "DUPLICATE_SAMPLE, INVALID_ARGUMENT",
            "UNKNOWN_NAMESPACE, NOT_FOUND",
            "NOT_READY, UNAVAILABLE",
            "IO, UNAVAILABLE",
            "CORRUPTION, DATA_LOSS"})
    void storageFailuresBecomeStatusesWithTheCodeInATrailer(StorageErrorCode code, Status.Code expected) {
        StatusRuntimeException status = ErrorMapping.toStatusException(new StorageException(code, "what happened"));

        assertThat(status.getStatus().getCode()).isEqualTo(expected);
        assertThat(status.getStatus().getDescription()).isEqualTo("what happened");
        assertThat(status.getTrailers().get(ErrorMapping.STORAGE_ERROR_CODE)).isEqualTo(code.name());
    }

    @ParameterizedTest
    @EnumSource(StorageErrorCode.class)
    void theClientGetsBackTheStorageException(StorageErrorCode code) {
        StatusRuntimeException onTheWire = ErrorMapping.toStatusException(new StorageException(code, "what happened"));

        RuntimeException thrown = ErrorMapping.fromStatusException(onTheWire);

        assertThat(thrown).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo("what happened");
            assertThat(e.getCause()).isSameAs(onTheWire);
        });
    }

    @Test
    void malformedRequestsAreInvalidArgumentWithoutTrailer() {
        StatusRuntimeException status = ErrorMapping.toStatusException(new InvalidRequestException("series[0] has no samples"));

        assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getStatus().getDescription()).isEqualTo("series[0] has no samples");
        assertThat(ErrorMapping.fromStatusException(status)).isSameAs(status);
    }

    @Test
    void aFullWorkQueueIsResourceExhausted() {
        StatusRuntimeException status = ErrorMapping.toStatusException(new RejectedExecutionException("16 write threads busy"));

        assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(status.getStatus().getDescription()).isEqualTo("the node is overloaded: 16 write threads busy");
    }

    @Test
    void bugsAreInternal() {
        StatusRuntimeException status = ErrorMapping.toStatusException(new NullPointerException("x is null"));

        assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(status.getStatus().getDescription()).contains("x is null");
    }

    @Test
    void statusesWithoutAKnownStorageCodeStayStatuses() {
        Metadata fromNewerNode = new Metadata();
        fromNewerNode.put(ErrorMapping.STORAGE_ERROR_CODE, "QUOTA_EXCEEDED");
        StatusRuntimeException unknownCode = Status.UNAVAILABLE.withDescription("later").asRuntimeException(fromNewerNode);
        StatusRuntimeException unreachable = Status.UNAVAILABLE.withDescription("connection refused").asRuntimeException();

        assertThat(ErrorMapping.fromStatusException(unknownCode)).isSameAs(unknownCode);
        assertThat(ErrorMapping.fromStatusException(unreachable)).isSameAs(unreachable);
        assertThat(ErrorMapping.fromStatusException(Status.DEADLINE_EXCEEDED.asException()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    }
}
