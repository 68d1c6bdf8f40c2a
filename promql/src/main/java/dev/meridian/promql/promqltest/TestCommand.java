package dev.meridian.promql.promqltest;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.parser.SeriesDescription;
import java.util.List;
import java.util.Map;

/** One command of a promqltest file. */
sealed interface TestCommand {
    /** {@code clear}: start over with empty storage. */
    record Clear(int line) implements TestCommand {}

    /** {@code load <interval>} and the series below it; value i is at time i * interval. */
    record Load(int line, long intervalMillis, List<SeriesDescription> series) implements TestCommand {
        public Load {
            series = List.copyOf(series);
        }
    }

    /**
     * {@code eval[_fail|_ordered] instant at <time> <expr>} and the expected result below it.
     *
     * @param expectedSeries expected samples by labels, with their position (1-based) for ordered
     *     evaluation
     * @param expectedScalar the expected scalar, or null
     */
    record Eval(int line, String expr, long timeMillis, boolean fail, boolean ordered,
            Map<Labels, Expected> expectedSeries, Double expectedScalar) implements TestCommand {
        public Eval {
            requireNonNull(expr, "expr is null");
            expectedSeries = Map.copyOf(expectedSeries);
        }
    }

    /** An expected sample: its value and its position in an ordered result. */
    record Expected(int position, double value) {}
}
