package dev.meridian.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.gateway.cache.QueryWindows.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryWindowsTest {
    private static final long H = 3_600_000;
    private static final long M = 60_000;

    @Test
    void windowsAreAlignedToTheIntervalNotToTheQuery() {
        assertThat(QueryWindows.split(30 * M, 3 * H + 10 * M, 15 * M, H)).containsExactly(
                new Window(0, 30 * M, 45 * M),
                new Window(1, H, H + 45 * M),
                new Window(2, 2 * H, 2 * H + 45 * M),
                new Window(3, 3 * H, 3 * H));
    }

    @Test
    void stepsStayOnTheQuerysGridAcrossWindows() {
        // 7-minute steps from 0:05: 0:05, 0:12, ..., 0:54, 1:01, ...
        List<Window> windows = QueryWindows.split(5 * M, 2 * H, 7 * M, H);

        // The last step is 1:57: the next, 2:04, is past the end, so window 2 holds none.
        assertThat(windows).containsExactly(new Window(0, 5 * M, 54 * M), new Window(1, H + M, H + 57 * M));
    }

    @Test
    void everyStepIsInExactlyOneWindow() {
        long start = 17 * M + 13_000;
        long end = 9 * H + 5 * M;
        long step = 11 * M;
        List<Long> fromWindows = new ArrayList<>();
        for (Window window : QueryWindows.split(start, end, step, H)) {
            assertThat(Math.floorDiv(window.firstStep(), H)).isEqualTo(window.index());
            assertThat(Math.floorDiv(window.lastStep(), H)).isEqualTo(window.index());
            for (long t = window.firstStep(); t <= window.lastStep(); t += step) {
                fromWindows.add(t);
            }
        }
        List<Long> steps = new ArrayList<>();
        for (long t = start; t <= end; t += step) {
            steps.add(t);
        }
        assertThat(fromWindows).isEqualTo(steps);
    }

    @Test
    void stepLongerThanTheIntervalSkipsEmptyWindows() {
        assertThat(QueryWindows.split(0, 5 * H, 2 * H, H)).containsExactly(
                new Window(0, 0, 0), new Window(2, 2 * H, 2 * H), new Window(4, 4 * H, 4 * H));
    }

    @Test
    void negativeTimesUseFloorDivision() {
        assertThat(QueryWindows.split(-H - 30 * M, -H + 30 * M, 30 * M, H)).containsExactly(
                new Window(-2, -H - 30 * M, -H - 30 * M), new Window(-1, -H, -H + 30 * M));
    }

    @Test
    void overflowingBoundsAreReported() {
        assertThatThrownBy(() -> QueryWindows.split(Long.MAX_VALUE - 10, Long.MAX_VALUE, 1, H))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void configIsValidated() {
        assertThatThrownBy(() -> new ResultsCacheConfig(Duration.ofSeconds(30), Duration.ZERO, 1, 1))
                .hasMessage("splitInterval must be whole milliseconds and at least 1m (got: PT30S)");
        assertThatThrownBy(() -> new ResultsCacheConfig(Duration.ofHours(1), Duration.ofMinutes(-1), 1, 1))
                .hasMessage("freshness must be >= 0 (got: PT-1M)");
        assertThatThrownBy(() -> new ResultsCacheConfig(Duration.ofHours(1), Duration.ZERO, 0, 1))
                .hasMessage("maxWeightBytes must be > 0 (got: 0)");
        assertThatThrownBy(() -> new ResultsCacheConfig(Duration.ofHours(1), Duration.ZERO, 1, 0))
                .hasMessage("maxWindowsPerFetch must be > 0 (got: 0)");
    }
}
