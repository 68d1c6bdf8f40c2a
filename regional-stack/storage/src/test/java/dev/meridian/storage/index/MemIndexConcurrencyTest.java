package dev.meridian.storage.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.labels.MatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * Writers add and remove series while readers query. Every series carries {@code a} and
 * {@code b} with the same value, so a reader that saw a half-added or half-removed series would
 * find {@code a} without {@code b}, and the queries below would not be empty.
 */
class MemIndexConcurrencyTest {
    private static final int WRITERS = 4;
    private static final int REFS_PER_WRITER = 2000;
    private static final int ROUNDS = 3;

    private static Labels labels(int ref) {
        String group = "g" + (ref % 7);
        return Labels.of("__name__", "m" + (ref % 3), "a", group, "b", group, "id", Integer.toString(ref));
    }

    @Test
    void queriesNeverSeeHalfIndexedSeries() throws Exception {
        MemIndex index = new MemIndex();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 2);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int first = w * REFS_PER_WRITER;
                writers.add(pool.submit(() -> {
                    for (int round = 0; round < ROUNDS; round++) {
                        for (int ref = first; ref < first + REFS_PER_WRITER; ref++) {
                            index.add(ref, labels(ref));
                        }
                        boolean last = round == ROUNDS - 1;
                        for (int ref = first; ref < first + REFS_PER_WRITER; ref++) {
                            // The last round keeps the even refs.
                            if (!last || ref % 2 == 1) {
                                index.remove(ref, labels(ref));
                            }
                        }
                    }
                    return null;
                }));
            }
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    int queries = 0;
                    while (writing.get() || queries == 0) {
                        for (int g = 0; g < 7; g++) {
                            String group = "g" + g;
                            RoaringBitmap aWithoutB = index.select(List.of(
                                    LabelMatcher.equal("a", group), LabelMatcher.of(MatchType.NOT_EQUAL, "b", group)));
                            RoaringBitmap bWithoutA = index.select(List.of(
                                    LabelMatcher.of(MatchType.REGEX, "b", "g.*"), LabelMatcher.equal("a", "")));
                            assertThat(aWithoutB).isEmpty();
                            assertThat(bWithoutA).isEmpty();
                            queries += 2;
                        }
                        List<String> ids = index.labelValues("id", index.select(List.of(LabelMatcher.equal("a", ""))));
                        assertThat(ids).isEmpty();
                    }
                    return queries;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(2, TimeUnit.MINUTES);
            }
            writing.set(false);
            for (Future<Integer> reader : readers) {
                assertThat(reader.get(2, TimeUnit.MINUTES)).isPositive();
            }
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }

        RoaringBitmap expected = new RoaringBitmap();
        for (int ref = 0; ref < WRITERS * REFS_PER_WRITER; ref += 2) {
            expected.add(ref);
        }
        assertThat(index.allSeries()).isEqualTo(expected);
        for (int g = 0; g < 7; g++) {
            RoaringBitmap group = new RoaringBitmap();
            for (int ref : expected) {
                if (ref % 7 == g) {
                    group.add(ref);
                }
            }
            assertThat(index.select(List.of(LabelMatcher.equal("a", "g" + g), LabelMatcher.equal("b", "g" + g)))).isEqualTo(group);
        }
        assertThat(index.labelValues("id", null)).hasSize(expected.getCardinality());
    }
}
