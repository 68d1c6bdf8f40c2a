package dev.meridian.coordinator.querycmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResultComparatorTest {
    private static final ResultComparator COMPARATOR = new ResultComparator(Tolerance.defaults());
    private static final Map<String, String> UP_A = Map.of("__name__", "up", "job", "a");
    private static final Map<String, String> UP_B = Map.of("__name__", "up", "job", "b");

    /** name, reference, target, and the differences expected (empty: a match). */
    static Stream<Arguments> cases() {
        return Stream.of(
                row("equal vectors", vector(UP_A, 1), vector(UP_A, 1)),
                row("label order and series order do not matter",
                        samples(ResultType.VECTOR, series(UP_A, 1000, 1), series(UP_B, 1000, 2)),
                        samples(ResultType.VECTOR, series(Map.of("job", "b", "__name__", "up"), 1000, 2),
                                series(Map.of("job", "a", "__name__", "up"), 1000, 1))),
                row("within the relative tolerance", vector(UP_A, 1e6), vector(UP_A, 1e6 * (1 + 5e-10))),
                row("outside the relative tolerance", vector(UP_A, 1), vector(UP_A, 1.0001),
                        "series up{job=\"a\"}: 1 of 1 points differ: @1.000 reference=1 target=1.0001"),
                row("zero against a value under the absolute floor", vector(UP_A, 0), vector(UP_A, 1e-17)),
                row("zero against a value over the absolute floor", vector(UP_A, 0), vector(UP_A, 1e-6),
                        "series up{job=\"a\"}: 1 of 1 points differ: @1.000 reference=0 target=1.0E-6"),
                row("NaN equals NaN", vector(UP_A, Double.NaN), vector(UP_A, Double.NaN)),
                row("NaN against a number", vector(UP_A, Double.NaN), vector(UP_A, 0),
                        "series up{job=\"a\"}: 1 of 1 points differ: @1.000 reference=NaN target=0"),
                row("equal infinities", vector(UP_A, Double.POSITIVE_INFINITY), vector(UP_A, Double.POSITIVE_INFINITY)),
                row("opposite infinities", vector(UP_A, Double.POSITIVE_INFINITY), vector(UP_A, Double.NEGATIVE_INFINITY),
                        "series up{job=\"a\"}: 1 of 1 points differ: @1.000 reference=+Inf target=-Inf"),
                row("infinity against a huge number", vector(UP_A, Double.POSITIVE_INFINITY), vector(UP_A, Double.MAX_VALUE),
                        "series up{job=\"a\"}: 1 of 1 points differ: @1.000 reference=+Inf target=1.7976931348623157E308"),
                row("series missing on target", samples(ResultType.VECTOR, series(UP_A, 1000, 1), series(UP_B, 1000, 1)),
                        vector(UP_A, 1), "series only on reference: up{job=\"b\"}"),
                row("extra series on target", vector(UP_A, 1),
                        samples(ResultType.VECTOR, series(UP_A, 1000, 1), series(UP_B, 1000, 1)),
                        "series only on target: up{job=\"b\"}"),
                row("a label set twice", vector(UP_A, 1),
                        samples(ResultType.VECTOR, series(UP_A, 1000, 1), series(UP_A, 1000, 1)),
                        "series appears twice on target: up{job=\"a\"}"),
                row("different timestamps",
                        samples(ResultType.MATRIX, series(UP_A, 1000, 1, 16000, 2)),
                        samples(ResultType.MATRIX, series(UP_A, 1000, 1, 15000, 2)),
                        "series up{job=\"a\"}: 2 of 3 points differ: @15.000 reference=(no point) target=2,"
                                + " @16.000 reference=2 target=(no point)"),
                row("only the first differing points are shown",
                        samples(ResultType.MATRIX, series(UP_A, 1000, 1, 2000, 2, 3000, 3, 4000, 4)),
                        samples(ResultType.MATRIX, series(UP_A, 1000, 9, 2000, 9, 3000, 9, 4000, 9)),
                        "series up{job=\"a\"}: 4 of 4 points differ: @1.000 reference=1 target=9,"
                                + " @2.000 reference=2 target=9, @3.000 reference=3 target=9, ..."),
                row("resultType differs", samples(ResultType.MATRIX, series(UP_A, 1000, 1)), vector(UP_A, 1),
                        "resultType differs: reference matrix of 1 series, target vector of 1 series"),
                row("equal scalars", scalar(1000, 0.5), scalar(1000, 0.5)),
                row("scalars at different times", scalar(1000, 0.5), scalar(2000, 0.5),
                        "series {}: 2 of 2 points differ: @1.000 reference=0.5 target=(no point),"
                                + " @2.000 reference=(no point) target=0.5"),
                row("equal strings", new QueryResponse.Text(1000, "hi"), new QueryResponse.Text(1000, "hi")),
                row("different strings", new QueryResponse.Text(1000, "hi"), new QueryResponse.Text(1000, "ho"),
                        "string differs: reference [1.000, \"hi\"], target [1.000, \"ho\"]"),
                row("both errors of the same type, worded differently",
                        new QueryResponse.ApiError("bad_data", "1:5: parse error: unexpected"),
                        new QueryResponse.ApiError("bad_data", "parse error at char 5")),
                row("errors of different types", new QueryResponse.ApiError("bad_data", "x"),
                        new QueryResponse.ApiError("execution", "y"),
                        "errorType differs: reference error bad_data (\"x\"), target error execution (\"y\")"),
                row("error on the target only", vector(UP_A, 1), new QueryResponse.ApiError("execution", "boom"),
                        "reference vector of 1 series, target error execution (\"boom\")"),
                row("no answer from the target", vector(UP_A, 1),
                        new QueryResponse.Unanswered("http://127.0.0.1:1 could not be reached: refused"),
                        "target http://127.0.0.1:1 could not be reached: refused"),
                row("no answer from either side is still a mismatch", new QueryResponse.Unanswered("r down"),
                        new QueryResponse.Unanswered("t down"), "reference r down", "target t down"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void comparesAnswers(String name, QueryResponse reference, QueryResponse target, List<String> expected) {
        Comparison comparison = COMPARATOR.compare(reference, target);

        assertThat(comparison.differences()).isEqualTo(expected);
        assertThat(comparison.matched()).isEqualTo(expected.isEmpty());
    }

    @Test
    void ignoredLabelsAreRemovedFromBothSidesBeforeSeriesAreMatched() {
        ResultComparator ignoringRegion = new ResultComparator(Tolerance.defaults(), Set.of("region", "replica"));
        QueryResponse prometheus = samples(ResultType.VECTOR, series(UP_A, 1000, 1), series(UP_B, 1000, 2));
        QueryResponse region = samples(ResultType.VECTOR,
                series(Map.of("__name__", "up", "job", "a", "region", "eu"), 1000, 1),
                series(Map.of("__name__", "up", "job", "b", "region", "eu", "replica", "1"), 1000, 2));

        assertThat(ignoringRegion.compare(prometheus, region).differences()).isEmpty();
        assertThat(ignoringRegion.compare(region, prometheus).differences()).isEmpty();
        // Without the option, the extra label makes every series one-sided.
        assertThat(COMPARATOR.compare(prometheus, region).differences()).containsExactly(
                "series only on reference: up{job=\"a\"}",
                "series only on reference: up{job=\"b\"}",
                "series only on target: up{job=\"a\", region=\"eu\"}",
                "series only on target: up{job=\"b\", region=\"eu\", replica=\"1\"}");
    }

    @Test
    void ignoringLabelsStillComparesValuesAndOtherLabels() {
        ResultComparator ignoringRegion = new ResultComparator(Tolerance.defaults(), Set.of("region"));

        assertThat(ignoringRegion.compare(vector(UP_A, 1), vector(Map.of("__name__", "up", "job", "a", "region", "eu"), 2))
                .differences()).containsExactly("series up{job=\"a\"}: 1 of 1 points differ: @1.000 reference=1 target=2");
        assertThat(ignoringRegion.compare(vector(UP_A, 1), vector(Map.of("__name__", "up", "job", "b", "region", "eu"), 1))
                .differences()).containsExactly("series only on reference: up{job=\"a\"}", "series only on target: up{job=\"b\"}");
    }

    @Test
    void seriesThatDifferOnlyInAnIgnoredLabelCannotBeToldApart() {
        ResultComparator ignoringRegion = new ResultComparator(Tolerance.defaults(), Set.of("region"));
        QueryResponse twoRegions = samples(ResultType.VECTOR,
                series(Map.of("__name__", "up", "job", "a", "region", "eu"), 1000, 1),
                series(Map.of("__name__", "up", "job", "a", "region", "us"), 1000, 1));

        assertThat(ignoringRegion.compare(vector(UP_A, 1), twoRegions).differences())
                .containsExactly("series appears twice on target: up{job=\"a\"}");
    }

    private static Arguments row(String name, QueryResponse reference, QueryResponse target, String... differences) {
        return Arguments.of(name, reference, target, List.of(differences));
    }

    private static QueryResponse vector(Map<String, String> labels, double value) {
        return samples(ResultType.VECTOR, series(labels, 1000, value));
    }

    private static QueryResponse scalar(long time, double value) {
        return samples(ResultType.SCALAR, series(Map.of(), time, value));
    }

    private static QueryResponse samples(ResultType type, Series... series) {
        return new QueryResponse.Samples(type, List.of(series));
    }

    /** {@code timesAndValues}: time in ms, value, time, value, ... */
    private static Series series(Map<String, String> labels, double... timesAndValues) {
        List<Point> points = new java.util.ArrayList<>();
        for (int i = 0; i < timesAndValues.length; i += 2) {
            points.add(new Point((long) timesAndValues[i], timesAndValues[i + 1]));
        }
        return new Series(labels, points);
    }
}
