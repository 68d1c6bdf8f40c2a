package dev.meridian.storage.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.labels.MatchType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class MemIndexTest {
    @Test
    void addReturnsLabelsThatShareTheIndexStrings() {
        MemIndex index = new MemIndex();
        Labels first = Labels.of("__name__", "up", "job", "api");
        assertThat(index.add(0, first)).isSameAs(first);

        Labels second = Labels.of(new String("__name__"), new String("up"), new String("job"), new String("db"));
        Labels interned = index.add(1, second);
        assertThat(interned).isEqualTo(second).isNotSameAs(second);
        assertThat(interned.name(0)).isSameAs(first.name(0));
        assertThat(interned.value(0)).isSameAs(first.value(0));
        assertThat(interned.name(1)).isSameAs(first.name(1));
        assertThat(interned.value(1)).isSameAs(second.value(1));
    }

    @Test
    void removeDropsEmptyValuesAndNames() {
        MemIndex index = new MemIndex();
        index.add(3, Labels.of("__name__", "up", "job", "api"));
        index.add(5, Labels.of("__name__", "up", "zone", "eu"));
        assertThat(index.seriesCount()).isEqualTo(2);

        index.remove(5, Labels.of("__name__", "up", "zone", "eu"));
        assertThat(index.seriesCount()).isEqualTo(1);
        assertThat(index.labelNames(null)).containsExactly("__name__", "job");
        assertThat(index.labelValues("zone", null)).isEmpty();
        assertThat(index.select(List.of(LabelMatcher.equal("zone", "")))).isEqualTo(RoaringBitmap.bitmapOf(3));

        index.remove(3, Labels.of("__name__", "up", "job", "api"));
        assertThat(index.seriesCount()).isZero();
        assertThat(index.labelNames(null)).isEmpty();
        assertThat(index.allSeries()).isEmpty();
    }

    @Test
    void removedRefsCanBeAddedAgainWithOtherLabels() {
        MemIndex index = new MemIndex();
        index.add(0, Labels.of("job", "a"));
        index.remove(0, Labels.of("job", "a"));
        index.add(0, Labels.of("job", "b"));
        assertThat(index.select(List.of(LabelMatcher.equal("job", "a")))).isEmpty();
        assertThat(index.select(List.of(LabelMatcher.equal("job", "b")))).isEqualTo(RoaringBitmap.bitmapOf(0));
    }

    @Test
    void rejectsBadArguments() {
        MemIndex index = new MemIndex();
        index.add(1, Labels.of("job", "a"));
        assertThatThrownBy(() -> index.add(1, Labels.of("job", "b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("series 1 is already indexed");
        assertThatThrownBy(() -> index.add(-1, Labels.of("job", "b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ref must be >= 0 (got: -1)");
        assertThatThrownBy(() -> index.add(2, Labels.EMPTY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("series 2 has no labels");
        assertThatThrownBy(() -> index.add(2, null)).isInstanceOf(NullPointerException.class).hasMessage("series is null");
        assertThatThrownBy(() -> index.remove(1, Labels.of("job", "b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("series 1 is not indexed with labels {job=\"b\"}");
        assertThatThrownBy(() -> index.remove(2, Labels.of("job", "a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("series 2 is not indexed with labels {job=\"a\"}");
        index.add(2, Labels.of("job", "a", "zone", "eu"));
        assertThatThrownBy(() -> index.remove(2, Labels.of("job", "a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("series 2 is not indexed with labels {job=\"a\"}");
        // A failed remove leaves the index as it was.
        assertThat(index.select(List.of(LabelMatcher.equal("zone", "eu")))).isEqualTo(RoaringBitmap.bitmapOf(2));
        index.remove(2, Labels.of("job", "a", "zone", "eu"));
        assertThat(index.select(List.of(LabelMatcher.equal("job", "a")))).isEqualTo(RoaringBitmap.bitmapOf(1));
    }

    @Test
    void labelNamesAndValuesRestrictedToSeries() {
        MemIndex index = new MemIndex();
        index.add(0, Labels.of("__name__", "up", "job", "api", "zone", "eu"));
        index.add(1, Labels.of("__name__", "up", "job", "db"));
        index.add(2, Labels.of("__name__", "cpu", "job", "api", "mode", "idle"));
        index.add(3, Labels.of("__name__", "cpu", "job", "\uD83D\uDE00", "mode", "user"));
        index.add(4, Labels.of("__name__", "cpu", "job", "\uFFFD"));

        assertThat(index.labelNames(null)).containsExactly("__name__", "job", "mode", "zone");
        assertThat(index.labelNames(RoaringBitmap.bitmapOf(1))).containsExactly("__name__", "job");
        assertThat(index.labelNames(RoaringBitmap.bitmapOf(0, 2))).containsExactly("__name__", "job", "mode", "zone");
        assertThat(index.labelNames(RoaringBitmap.bitmapOf(99))).isEmpty();
        assertThat(index.labelNames(new RoaringBitmap())).isEmpty();

        // Code point order: U+FFFD sorts before U+1F600 although its UTF-16 char is larger.
        assertThat(index.labelValues("job", null)).containsExactly("api", "db", "\uFFFD", "\uD83D\uDE00");
        assertThat(index.labelValues("job", RoaringBitmap.bitmapOf(1, 2))).containsExactly("api", "db");
        assertThat(index.labelValues("mode", RoaringBitmap.bitmapOf(0, 1))).isEmpty();
        assertThat(index.labelValues("nope", null)).isEmpty();
        assertThat(index.labelValues("__name__", index.select(List.of(LabelMatcher.of(MatchType.REGEX, "job", "api|db")))))
                .containsExactly("cpu", "up");
    }

    /** Adds and removes at random, checking every query against the series still there. */
    @Test
    void selectAfterRandomAddsAndRemoves() {
        Random random = new Random(3);
        List<Labels> series = IndexTestData.series(random, 500);
        MemIndex index = new MemIndex();
        boolean[] present = new boolean[series.size()];
        for (int step = 0; step < 2000; step++) {
            int ref = random.nextInt(series.size());
            if (present[ref]) {
                index.remove(ref, series.get(ref));
            } else {
                index.add(ref, series.get(ref));
            }
            present[ref] = !present[ref];
            if (step % 20 == 0) {
                List<LabelMatcher> matchers = IndexTestData.randomMatchers(random);
                RoaringBitmap expected = IndexTestData.bruteForce(series, matchers);
                expected.and(presentRefs(present));
                assertThat(index.select(matchers)).as("%s at step %d", matchers, step).isEqualTo(expected);
            }
        }
        RoaringBitmap expectedAll = presentRefs(present);
        assertThat(index.allSeries()).isEqualTo(expectedAll);
        assertThat(index.seriesCount()).isEqualTo(expectedAll.getCardinality());
        List<String> expectedValues = new ArrayList<>();
        for (String value : IndexTestData.VALUES) {
            if (expectedAll.stream().anyMatch(ref -> series.get(ref).get("job").equals(value))) {
                expectedValues.add(value);
            }
        }
        expectedValues.sort(Labels.NAME_ORDER);
        assertThat(index.labelValues("job", null)).isEqualTo(expectedValues);
    }

    /** Values with few series keep them in an array, values with many in a bitmap; queries mix both. */
    @Test
    void valuesGrowFromArraysToBitmapsAndShrinkAway() {
        List<Labels> series = new ArrayList<>();
        for (int ref = 0; ref < 200; ref++) {
            String value = ref % 2 == 0 ? "a" : ref % 10 == 1 ? "ab" : ref == 3 ? "abc" : "b" + ref;
            series.add(Labels.of("__name__", "m", "v", value));
        }
        List<List<LabelMatcher>> queries = List.of(
                List.of(LabelMatcher.of(MatchType.REGEX, "v", "a.*")),
                List.of(LabelMatcher.of(MatchType.REGEX, "v", "a|ab|b7")),
                List.of(LabelMatcher.of(MatchType.REGEX, "v", "ab.+")),
                List.of(LabelMatcher.of(MatchType.NOT_REGEX, "v", "a")),
                List.of(LabelMatcher.of(MatchType.REGEX, "v", "[ab].*")),
                List.of(LabelMatcher.equal("v", "a"), LabelMatcher.equal("__name__", "m")),
                List.of(LabelMatcher.equal("v", "ab")));
        MemIndex index = new MemIndex();
        boolean[] present = new boolean[series.size()];
        Random random = new Random(9);
        List<Integer> refs = new ArrayList<>();
        for (int ref = 0; ref < series.size(); ref++) {
            refs.add(ref);
        }
        for (int round = 0; round < 2; round++) {
            Collections.shuffle(refs, random);
            for (int ref : refs) {
                if (present[ref]) {
                    index.remove(ref, series.get(ref));
                } else {
                    index.add(ref, series.get(ref));
                }
                present[ref] = !present[ref];
                RoaringBitmap presentRefs = presentRefs(present);
                for (List<LabelMatcher> query : queries) {
                    RoaringBitmap expected = IndexTestData.bruteForce(series, query);
                    expected.and(presentRefs);
                    assertThat(index.select(query)).as("%s", query).isEqualTo(expected);
                }
                RoaringBitmap even = index.select(List.of(LabelMatcher.equal("v", "a")));
                assertThat(index.labelValues("v", even)).isEqualTo(even.isEmpty() ? List.of() : List.of("a"));
            }
        }
        assertThat(index.seriesCount()).isZero();
        assertThat(index.labelNames(null)).isEmpty();
    }

    private static RoaringBitmap presentRefs(boolean[] present) {
        RoaringBitmap refs = new RoaringBitmap();
        for (int ref = 0; ref < present.length; ref++) {
            if (present[ref]) {
                refs.add(ref);
            }
        }
        return refs;
    }

    @Test
    void retainedBytesFollowsTheContent() {
        MemIndex index = new MemIndex();
        long empty = index.retainedBytes();
        for (int ref = 0; ref < 1000; ref++) {
            index.add(ref, Labels.of("__name__", "m" + (ref % 10), "id", "value-" + ref));
        }
        long full = index.retainedBytes();
        // 1000 distinct values each cost a string, a tree entry and a bitmap: well over 100 bytes.
        assertThat(full - empty).isGreaterThan(1000 * 100L);
        for (int ref = 0; ref < 1000; ref++) {
            index.remove(ref, Labels.of("__name__", "m" + (ref % 10), "id", "value-" + ref));
        }
        assertThat(index.retainedBytes()).isEqualTo(empty);
    }
}
