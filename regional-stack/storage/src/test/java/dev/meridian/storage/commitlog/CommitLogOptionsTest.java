package dev.meridian.storage.commitlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.storage.FsyncPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CommitLogOptionsTest {
    @Test
    void defaults() {
        CommitLogOptions options = CommitLogOptions.of(FsyncPolicy.every(Duration.ofMillis(100)));
        assertThat(options.segmentSize()).isEqualTo(64L << 20);
        assertThat(options.bufferSize()).isEqualTo(16 << 20);
        assertThat(options.listener()).isSameAs(CommitLogListener.NONE);
        assertThat(options.maxPayloadSize()).isEqualTo((64 << 20) - 32);
    }

    @Test
    void rejectsOutOfRangeSizes() {
        CommitLogOptions options = CommitLogOptions.of(FsyncPolicy.always());
        assertThatThrownBy(() -> options.withSegmentSize(63))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("segmentSize must be in [64, 1073741824] bytes (got: 63)");
        assertThatThrownBy(() -> options.withSegmentSize((1L << 30) + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withBufferSize(1023))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bufferSize must be >= 1024 bytes (got: 1023)");
        assertThatThrownBy(() -> options.withListener(null)).isInstanceOf(NullPointerException.class).hasMessage("listener is null");
        assertThatThrownBy(() -> CommitLogOptions.of(null)).isInstanceOf(NullPointerException.class).hasMessage("fsyncPolicy is null");
    }
}
