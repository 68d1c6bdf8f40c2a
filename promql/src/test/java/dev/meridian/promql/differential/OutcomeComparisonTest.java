package dev.meridian.promql.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.value.Matrix;
import dev.meridian.promql.value.RangeSeries;
import dev.meridian.promql.value.Sample;
import dev.meridian.promql.value.Scalar;
import dev.meridian.promql.value.StringValue;
import dev.meridian.promql.value.Vector;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OutcomeComparisonTest {
    private static final OutcomeComparison.Ordering ANY = OutcomeComparison.Ordering.ANY;

    /** A vector of single points at time 1000 from alternating label text ("a=1") and value. */
    private static Outcome vector(Object... labelsAndValues) {
        List<Outcome.ResultSeries> series = new ArrayList<>();
        for (int i = 0; i < labelsAndValues.length; i += 2) {
            TreeMap<String, String> labels = new TreeMap<>();
            String text = (String) labelsAndValues[i];
            if (!text.isEmpty()) {
                for (String pair : text.split(",")) {
                    String[] nameValue = pair.split("=");
                    labels.put(nameValue[0], nameValue[1]);
                }
            }
            series.add(new Outcome.ResultSeries(labels, new long[] {1000},
                    new double[] {((Number) labelsAndValues[i + 1]).doubleValue()}));
        }
        return new Outcome.Success("vector", series, null);
    }

    @Test
    void valuesAreCloseWithinRelativeToleranceNaNEqualsNaNInfinitiesExactly() {
        assertThat(OutcomeComparison.close(1.0, 1.0 + 1e-12)).isTrue();
        assertThat(OutcomeComparison.close(1e300, 1e300 * (1 + 1e-10))).isTrue();
        assertThat(OutcomeComparison.close(1.0, 1.0001)).isFalse();
        assertThat(OutcomeComparison.close(0.0, 1e-300)).isFalse();
        assertThat(OutcomeComparison.close(0.0, -0.0)).isTrue();
        assertThat(OutcomeComparison.close(Double.NaN, Double.NaN)).isTrue();
        assertThat(OutcomeComparison.close(Double.NaN, 1)).isFalse();
        assertThat(OutcomeComparison.close(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY)).isTrue();
        assertThat(OutcomeComparison.close(Double.POSITIVE_INFINITY, Double.MAX_VALUE)).isFalse();
        assertThat(OutcomeComparison.close(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)).isFalse();
    }

    @Test
    void failuresMatchOnlyFailuresOfTheSameKind() {
        Outcome parse = new Outcome.Failure("bad_data", "1:5: parse error");
        assertThat(OutcomeComparison.difference(parse, new Outcome.Failure("PARSE_ERROR", "x"), ANY)).isEmpty();
        assertThat(OutcomeComparison.difference(new Outcome.Failure("execution", "many-to-many"),
                new Outcome.Failure("EXECUTION", "y"), ANY)).isEmpty();
        assertThat(OutcomeComparison.difference(parse, new Outcome.Failure("EXECUTION", "x"), ANY))
                .hasValueSatisfying(d -> assertThat(d).contains("error kinds differ"));
        assertThat(OutcomeComparison.difference(parse, vector(), ANY)).hasValue("only Prometheus failed");
        assertThat(OutcomeComparison.difference(vector(), parse, ANY)).hasValue("only we failed");
    }

    @Test
    void comparesCountValuesLabelsAsNumbers() {
        OutcomeComparison.Ordering countValues = OutcomeComparison.Ordering.of("count_values(\"v\", ln(x))");
        assertThat(countValues.valueLabels()).containsExactly("v");
        assertThat(OutcomeComparison.countValuesLabels("sum(count_values by (job) (\"w\", x)) + count_values(\"v\", y)"))
                .containsExactlyInAnyOrder("v", "w");
        assertThat(OutcomeComparison.difference(vector("v=1.0986122886681096", 1), vector("v=1.0986122886681098", 1),
                countValues)).isEmpty();
        assertThat(OutcomeComparison.difference(vector("v=1.09861", 1), vector("v=1.09862", 1), countValues)).isPresent();
        // Other labels, and queries without count_values, still compare exactly.
        assertThat(OutcomeComparison.difference(vector("v=1.0986122886681096", 1), vector("v=1.0986122886681098", 1),
                ANY)).isPresent();
    }

    @Test
    void comparesTypesLabelSetsAndPoints() {
        assertThat(OutcomeComparison.difference(vector("a=1", 1, "a=2", 2), vector("a=2", 2, "a=1", 1), ANY)).isEmpty();
        assertThat(OutcomeComparison.difference(vector("a=1", 1), vector("a=1", 1.5), ANY)).isPresent();
        assertThat(OutcomeComparison.difference(vector("a=1", 1), vector("a=2", 1), ANY))
                .hasValueSatisfying(d -> assertThat(d).contains("missing {a=1}").contains("unexpected {a=2}"));
        assertThat(OutcomeComparison.difference(vector("a=1", 1, "a=1", 2), vector("a=1", 2, "a=1", 1), ANY)).isEmpty();
        Outcome scalar = OutcomeComparison.of(new Scalar(1000, 1));
        assertThat(OutcomeComparison.difference(scalar, vector("", 1), ANY))
                .hasValue("result type vector, expected scalar");
        assertThat(OutcomeComparison.difference(new Outcome.Success("string", List.of(), "x"),
                OutcomeComparison.of(new StringValue(1000, "y")), ANY)).isPresent();
    }

    @Test
    void ordersByValueOnlyForTopLevelSortWithTiesInAnyOrder() {
        OutcomeComparison.Ordering sort = OutcomeComparison.Ordering.of("(sort_desc(x))");
        assertThat(sort.kind()).isEqualTo(OutcomeComparison.Ordering.Kind.BY_VALUE);
        assertThat(OutcomeComparison.Ordering.of("sort(x) + 1")).isEqualTo(ANY);
        Outcome prometheus = vector("a=1", 3, "a=2", 2, "a=3", 2, "a=4", Double.NaN);
        assertThat(OutcomeComparison.difference(prometheus, vector("a=1", 3, "a=3", 2, "a=2", 2, "a=4", Double.NaN),
                sort)).isEmpty();
        assertThat(OutcomeComparison.difference(prometheus, vector("a=4", Double.NaN, "a=1", 3, "a=3", 2, "a=2", 2),
                sort)).hasValueSatisfying(d -> assertThat(d).startsWith("order differs at position 0"));
        assertThat(OutcomeComparison.difference(prometheus, vector("a=4", Double.NaN, "a=1", 3, "a=3", 2, "a=2", 2),
                ANY)).isEmpty();
    }

    @Test
    void topkMayKeepAnyOfTheSeriesTiedAtItsBoundaryButNoOther() {
        OutcomeComparison.Ordering topk = OutcomeComparison.Ordering.of("topk by (g) (2, x)");
        assertThat(topk.kind()).isEqualTo(OutcomeComparison.Ordering.Kind.SELECTION_PER_GROUP);
        Outcome prometheus = vector("g=x,a=1", 5, "g=x,a=2", 3, "g=y,a=1", 1);
        assertThat(OutcomeComparison.difference(prometheus, vector("g=y,a=1", 1, "g=x,a=1", 5, "g=x,a=3", 3), topk))
                .isEmpty();
        assertThat(OutcomeComparison.difference(prometheus, vector("g=x,a=3", 5, "g=x,a=2", 3, "g=y,a=1", 1), topk))
                .hasValueSatisfying(d -> assertThat(d).startsWith("selected series differ"));
        assertThat(OutcomeComparison.difference(prometheus, vector("g=x,a=2", 3, "g=x,a=1", 5, "g=y,a=1", 1), topk))
                .hasValueSatisfying(d -> assertThat(d).startsWith("order or values differ"));
        assertThat(OutcomeComparison.difference(prometheus, vector("g=x,a=1", 5, "g=y,a=1", 1), topk))
                .hasValueSatisfying(d -> assertThat(d).startsWith("1 series selected"));
        OutcomeComparison.Ordering bottomk = OutcomeComparison.Ordering.of("bottomk without (a) (1, x)");
        assertThat(OutcomeComparison.difference(vector("g=x,a=1", 2), vector("g=x,a=2", 2), bottomk)).isEmpty();
        assertThat(OutcomeComparison.difference(vector("g=x,a=1", 2), vector("g=x,a=2", 3), bottomk)).isPresent();
    }

    @Test
    void identicalMeansBitForBit() {
        assertThat(OutcomeComparison.identical(vector("a=1", 0.1 + 0.2), vector("a=1", 0.1 + 0.2))).isTrue();
        assertThat(OutcomeComparison.identical(vector("a=1", Double.NaN), vector("a=1", Double.NaN))).isTrue();
        assertThat(OutcomeComparison.identical(vector("a=1", 0.3), vector("a=1", 0.1 + 0.2))).isFalse();
        assertThat(OutcomeComparison.difference(vector("a=1", 0.3), vector("a=1", 0.1 + 0.2), ANY)).isEmpty();
    }

    @Test
    void convertsOurValues() {
        Labels labels = Labels.of("__name__", "x", "job", "a");
        assertThat(OutcomeComparison.of(new Vector(List.of(new Sample(labels, 1000, 1.5)))))
                .isEqualTo(vector("__name__=x,job=a", 1.5));
        assertThat(OutcomeComparison.difference(vector("__name__=x,job=a", 1.5),
                OutcomeComparison.of(new Vector(List.of(new Sample(labels, 999, 1.5)))), ANY))
                .hasValueSatisfying(d -> assertThat(d).contains("points differ"));
        Outcome matrix = OutcomeComparison.of(new Matrix(List.of(
                new RangeSeries(labels, new long[] {1, 2}, new double[] {3, 4}))));
        assertThat(matrix).isEqualTo(new Outcome.Success("matrix", List.of(new Outcome.ResultSeries(
                new TreeMap<>(labels.toMap()), new long[] {1, 2}, new double[] {3, 4})), null));
        assertThat(OutcomeComparison.of(new StringValue(1, "s"))).isEqualTo(new Outcome.Success("string", List.of(), "s"));
    }
}
