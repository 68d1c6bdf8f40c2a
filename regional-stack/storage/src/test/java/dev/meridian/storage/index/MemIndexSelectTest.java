package dev.meridian.storage.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.labels.MatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/** {@link MemIndex#select} against a brute-force evaluation of the matchers over every label set. */
class MemIndexSelectTest {
    private static MemIndex index(List<Labels> series) {
        MemIndex index = new MemIndex();
        for (int ref = 0; ref < series.size(); ref++) {
            index.add(ref, series.get(ref));
        }
        return index;
    }

    @Test
    void everySingleMatcherOnEveryName() {
        List<Labels> series = IndexTestData.series(new Random(1), 400);
        MemIndex index = index(series);
        List<String> names = new ArrayList<>(IndexTestData.NAMES);
        names.add("missing");
        for (String name : names) {
            for (LabelMatcher matcher : IndexTestData.allMatchers(name)) {
                RoaringBitmap expected = IndexTestData.bruteForce(series, List.of(matcher));
                assertThat(index.select(List.of(matcher))).as("fast %s", matcher).isEqualTo(expected);
                assertThat(index.select(List.of(matcher), false)).as("scan %s", matcher).isEqualTo(expected);
            }
        }
    }

    @Test
    void randomCombinations() {
        Random random = new Random(2);
        List<Labels> series = IndexTestData.series(random, 600);
        MemIndex index = index(series);
        int nonEmpty = 0;
        for (int i = 0; i < 3000; i++) {
            List<LabelMatcher> matchers = IndexTestData.randomMatchers(random);
            RoaringBitmap expected = IndexTestData.bruteForce(series, matchers);
            assertThat(index.select(matchers)).as("fast %s", matchers).isEqualTo(expected);
            assertThat(index.select(matchers, false)).as("scan %s", matchers).isEqualTo(expected);
            nonEmpty += expected.isEmpty() ? 0 : 1;
        }
        assertThat(nonEmpty).as("combinations that select something").isGreaterThan(500);
    }

    @Test
    void emptyMatchingCasesSelectSeriesWithoutTheLabel() {
        List<Labels> series = List.of(
                Labels.of("__name__", "up", "job", "api"),
                Labels.of("__name__", "up", "job", "db"),
                Labels.of("__name__", "up"));
        MemIndex index = index(series);
        assertThat(index.select(List.of(LabelMatcher.equal("job", "")))).isEqualTo(RoaringBitmap.bitmapOf(2));
        assertThat(index.select(List.of(LabelMatcher.of(MatchType.NOT_EQUAL, "job", "api")))).isEqualTo(RoaringBitmap.bitmapOf(1, 2));
        assertThat(index.select(List.of(LabelMatcher.of(MatchType.REGEX, "job", ".*")))).isEqualTo(RoaringBitmap.bitmapOf(0, 1, 2));
        assertThat(index.select(List.of(LabelMatcher.of(MatchType.REGEX, "job", ".+")))).isEqualTo(RoaringBitmap.bitmapOf(0, 1));
        assertThat(index.select(List.of(LabelMatcher.of(MatchType.NOT_REGEX, "job", "a.*")))).isEqualTo(RoaringBitmap.bitmapOf(1, 2));
        assertThat(index.select(List.of(LabelMatcher.of(MatchType.REGEX, "job", "api|")))).isEqualTo(RoaringBitmap.bitmapOf(0, 2));
        assertThat(index.select(List.of(LabelMatcher.of(MatchType.NOT_EQUAL, "job", "")))).isEqualTo(RoaringBitmap.bitmapOf(0, 1));
        assertThat(index.select(List.of(LabelMatcher.of(MatchType.NOT_REGEX, "job", ".*")))).isEmpty();
        assertThat(index.select(List.of(LabelMatcher.equal("nope", "")))).isEqualTo(RoaringBitmap.bitmapOf(0, 1, 2));
        assertThat(index.select(List.of())).isEqualTo(RoaringBitmap.bitmapOf(0, 1, 2));
    }

    /** RE2's {@code .} does not match a newline, so {@code .*} must not take every value on trust. */
    @Test
    void dotStarDoesNotMatchNewlines() {
        MemIndex index = index(List.of(Labels.of("l", "a\nb"), Labels.of("l", "ab"), Labels.of("m", "x")));
        assertThat(index.select(List.of(LabelMatcher.of(MatchType.REGEX, "l", ".*")))).isEqualTo(RoaringBitmap.bitmapOf(1, 2));
        assertThat(index.select(List.of(LabelMatcher.of(MatchType.REGEX, "l", "a.*")))).isEqualTo(RoaringBitmap.bitmapOf(1));
        assertThat(index.select(List.of(LabelMatcher.of(MatchType.NOT_REGEX, "l", ".+")))).isEqualTo(RoaringBitmap.bitmapOf(0, 2));
    }

    @Test
    void resultsBelongToTheCaller() {
        MemIndex index = index(List.of(Labels.of("job", "a"), Labels.of("job", "b")));
        RoaringBitmap selected = index.select(List.of(LabelMatcher.equal("job", "a")));
        selected.add(7);
        RoaringBitmap everything = index.select(List.of());
        everything.clear();
        RoaringBitmap all = index.allSeries();
        all.add(9);
        assertThat(index.select(List.of(LabelMatcher.equal("job", "a")))).isEqualTo(RoaringBitmap.bitmapOf(0));
        assertThat(index.allSeries()).isEqualTo(RoaringBitmap.bitmapOf(0, 1));
        assertThat(index.select(List.of(LabelMatcher.of(MatchType.REGEX, "job", ".+")))).isEqualTo(RoaringBitmap.bitmapOf(0, 1));
    }
}
