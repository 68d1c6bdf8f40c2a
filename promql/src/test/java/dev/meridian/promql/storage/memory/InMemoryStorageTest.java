package dev.meridian.promql.storage.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.labels.MatchType;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.SampleIterator;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.storage.SeriesSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryStorageTest {
    private static final Labels A = Labels.of("__name__", "m", "i", "a");
    private static final Labels B = Labels.of("__name__", "m", "i", "b");

    @Test
    void selectsMatchingSeriesInLabelOrderWithinTheQuerierRange() {
        InMemoryStorage storage = new InMemoryStorage();
        storage.appender().add(B, 10, 1).add(A, 30, 3).add(A, 10, 1).add(A, 20, 2).add(A, 40, 4).commit();
        try (Querier q = storage.querier(15, 30)) {
            SeriesSet set = q.select(SelectHints.ofRange(15, 30), List.of(LabelMatcher.of(MatchType.EQUAL, "__name__", "m")));
            assertThat(set.next()).isTrue();
            assertThat(set.at().labels()).isEqualTo(A);
            assertThat(samples(set.at().iterator())).containsExactly(20L, 30L);
            // B has nothing in [15, 30].
            assertThat(set.next()).isFalse();
            assertThat(q.labelValues("i", List.of())).containsExactly("a", "b");
            assertThat(q.labelNames(List.of(LabelMatcher.of(MatchType.EQUAL, "i", "b")))).containsExactly("__name__", "i");
        }
    }

    @Test
    void laterWritesReplaceEqualTimestamps() {
        InMemoryStorage storage = new InMemoryStorage();
        storage.appender().add(A, 10, 1).commit();
        storage.appender().add(A, 10, 5).add(A, 5, 0).commit();
        try (Querier q = storage.querier(0, 100)) {
            SeriesSet set = q.select(SelectHints.ofRange(0, 100), List.of(LabelMatcher.equal("i", "a")));
            set.next();
            SampleIterator it = set.at().iterator();
            assertThat(it.seek(10)).isTrue();
            assertThat(it.value()).isEqualTo(5);
            assertThat(it.seek(3)).isTrue(); // Never moves backwards.
            assertThat(it.timestamp()).isEqualTo(10);
            assertThat(it.next()).isFalse();
        }
    }

    private static List<Long> samples(SampleIterator it) {
        List<Long> ts = new ArrayList<>();
        while (it.next()) {
            ts.add(it.timestamp());
        }
        return ts;
    }
}
