package dev.meridian.storage.commitlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogPositionTest {
    @Test
    void positionsOrderBySegmentThenOffset() {
        List<LogPosition> positions = new ArrayList<>(List.of(
                new LogPosition(2, 16), new LogPosition(0, 100), new LogPosition(1, 16), new LogPosition(0, 16), LogPosition.START));
        Collections.sort(positions);
        assertThat(positions).containsExactly(
                LogPosition.START, new LogPosition(0, 16), new LogPosition(0, 100), new LogPosition(1, 16), new LogPosition(2, 16));
        assertThatThrownBy(() -> new LogPosition(-1, 0)).hasMessage("segment must be >= 0 (got: -1)");
        assertThatThrownBy(() -> new LogPosition(0, -1)).hasMessage("offset must be >= 0 (got: -1)");
    }
}
