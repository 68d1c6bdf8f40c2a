package dev.meridian.promql.differential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryGeneratorTest {
    private static final Dataset DATA = Dataset.generate(20_230_131L, Dataset.DEFAULT_START);

    private static List<String> generate(long seed, int count) {
        return new QueryGenerator(seed, DATA.catalog(), DATA.start(), DATA.end()).generate(count);
    }

    @Test
    void theSameSeedGivesTheSameDistinctQueries() {
        List<String> queries = generate(7, 1_000);
        assertThat(queries).hasSize(1_000).doesNotHaveDuplicates().isEqualTo(generate(7, 1_000));
        assertThat(generate(8, 1_000)).isNotEqualTo(queries);
    }

    @Test
    void asksAboutEveryFunctionAggregationAndOperator() {
        List<String> queries = generate(7, 1_000);
        List<String> names = new ArrayList<>();
        names.addAll(QueryGenerator.MATH_FUNCTIONS);
        names.addAll(QueryGenerator.RANGE_FUNCTIONS);
        names.addAll(QueryGenerator.DATE_FUNCTIONS);
        names.addAll(QueryGenerator.OTHER_FUNCTIONS);
        names.addAll(QueryGenerator.AGGREGATIONS);
        for (String name : names) {
            assertThat(queries).as("queries calling %s", name).anyMatch(q -> q.matches("(?s).*\\b" + name + "\\s*\\(.*"));
        }
        List<String> operators = new ArrayList<>(QueryGenerator.ARITHMETIC);
        operators.addAll(QueryGenerator.COMPARISONS);
        operators.addAll(QueryGenerator.SET_OPERATORS);
        for (String op : operators) {
            assertThat(queries).as("queries using %s", op).anyMatch(q -> q.contains(" " + op + " "));
        }
        for (String modifier : List.of(" bool ", " on(", " ignoring(", " group_left", " group_right", " offset -",
                " @ start()", " @ end()", ":]", " by (", " without (")) {
            assertThat(queries).as("queries using %s", modifier).anyMatch(q -> q.contains(modifier));
        }
    }

    @Test
    void refusesACatalogWithoutCountersOrHistograms() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new QueryGenerator(1,
                java.util.Map.of("up", java.util.Map.of()), 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("histogram buckets");
    }
}
