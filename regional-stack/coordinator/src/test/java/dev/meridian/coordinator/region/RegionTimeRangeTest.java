package dev.meridian.coordinator.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.promql.storage.StorageException;
import dev.meridian.storage.TimeRange;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RegionTimeRangeTest {
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger calls = new AtomicInteger();

    private Supplier<Map<String, TimeRange>> node(Map<String, TimeRange> ranges) {
        return () -> {
            calls.incrementAndGet();
            return ranges;
        };
    }

    private RegionTimeRange range(Map<String, Supplier<Map<String, TimeRange>>> nodes) {
        return new RegionTimeRange(nodes, "raw", Duration.ofSeconds(5), Duration.ofSeconds(1), Runnable::run, nanos::get);
    }

    @Test
    void isTheUnionOfTheNodesRangesOfItsNamespace() {
        Map<String, Supplier<Map<String, TimeRange>>> nodes = new LinkedHashMap<>();
        nodes.put("node-1", node(Map.of("raw", new TimeRange(100, 500), "agg_1m", new TimeRange(0, 10_000))));
        nodes.put("node-2", node(Map.of("raw", new TimeRange(50, 400))));
        nodes.put("node-3", node(Map.of("raw", TimeRange.EMPTY)));
        nodes.put("node-4", node(Map.of()));

        assertThat(range(nodes).timeRange()).isEqualTo(new TimeRange(50, 500));
    }

    @Test
    void isEmptyWhenNoNodeHoldsSamples() {
        assertThat(range(Map.of("node-1", node(Map.of("raw", TimeRange.EMPTY)))).timeRange().isEmpty()).isTrue();
    }

    @Test
    void leavesOutNodesThatFailAndFailsOnlyWhenNoneAnswers() {
        Map<String, Supplier<Map<String, TimeRange>>> nodes = new LinkedHashMap<>();
        nodes.put("node-1", () -> {
            throw new IllegalStateException("connection refused");
        });
        nodes.put("node-2", node(Map.of("raw", new TimeRange(7, 9))));
        assertThat(range(nodes).timeRange()).isEqualTo(new TimeRange(7, 9));

        nodes.remove("node-2");
        assertThatThrownBy(() -> range(nodes).timeRange())
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("no storage node answered TimeRanges")
                .hasMessageContaining("node-1: connection refused");
    }

    @Test
    void asksTheNodesAgainOnlyAfterTheRefreshInterval() {
        Map<String, TimeRange> answer = new LinkedHashMap<>(Map.of("raw", new TimeRange(1, 2)));
        RegionTimeRange range = range(Map.of("node-1", node(answer)));
        assertThat(range.timeRange()).isEqualTo(new TimeRange(1, 2));

        answer.put("raw", new TimeRange(1, 3));
        nanos.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(range.timeRange()).as("cached").isEqualTo(new TimeRange(1, 2));
        assertThat(calls).hasValue(1);

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(range.timeRange()).isEqualTo(new TimeRange(1, 3));
        assertThat(calls).hasValue(2);
    }
}
