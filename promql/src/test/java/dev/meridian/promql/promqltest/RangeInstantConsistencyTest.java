package dev.meridian.promql.promqltest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.PromqlException;
import dev.meridian.promql.ast.ValueType;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.parser.Parser;
import dev.meridian.promql.storage.Queryable;
import dev.meridian.promql.value.Matrix;
import dev.meridian.promql.value.RangeSeries;
import dev.meridian.promql.value.Sample;
import dev.meridian.promql.value.Scalar;
import dev.meridian.promql.value.Value;
import dev.meridian.promql.value.Vector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A range query must equal an instant query at each of its steps. Checked for every expression of
 * the conformance files on their data, over many steps (an odd step, so windows slide unevenly)
 * and several batch sizes, so operator state carried across steps and batches is exercised far
 * beyond the three steps the conformance runner uses.
 */
class RangeInstantConsistencyTest {
    private static final long STEP = 37_000;
    private static final long HALF_WIDTH = 10 * 60_000;

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 64})
    void rangeQueriesAgreeWithInstantQueries(int batchSize) {
        Engine engine = new Engine(EngineConfig.builder().batchSize(batchSize).build());
        int checked = 0;
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, String> file : ConformanceSuite.prometheus242().entrySet()) {
            InMemoryTestStorage storage = new InMemoryTestStorage();
            for (TestCommand command : TestFileParser.parse(file.getValue())) {
                if (command instanceof TestCommand.Clear) {
                    storage.close();
                    storage = new InMemoryTestStorage();
                } else if (command instanceof TestCommand.Load load) {
                    PromqlTestRunner.load(storage, load);
                } else if (command instanceof TestCommand.Eval eval && !eval.fail()) {
                    String mismatch = compare(engine, storage.queryable(), eval.expr(), eval.timeMillis());
                    if (mismatch != null) {
                        mismatches.add(file.getKey() + ":" + eval.line() + ": " + mismatch);
                    }
                    checked++;
                }
            }
            storage.close();
        }
        assertThat(mismatches).isEmpty();
        assertThat(checked).isGreaterThan(500);
    }

    private static String compare(Engine engine, Queryable storage, String expr, long time) {
        ValueType type = Parser.parse(expr).type();
        if (type != ValueType.VECTOR && type != ValueType.SCALAR) {
            return null;
        }
        long start = time - HALF_WIDTH;
        long end = time + HALF_WIDTH;
        Map<Long, Map<Labels, Double>> fromRange = new TreeMap<>();
        try {
            Matrix matrix = (Matrix) engine.rangeQuery(storage, expr, start, end, STEP).execute().value();
            for (RangeSeries series : matrix.series()) {
                for (int i = 0; i < series.size(); i++) {
                    fromRange.computeIfAbsent(series.timestamp(i), t -> new HashMap<>()).put(series.labels(), series.value(i));
                }
            }
        } catch (PromqlException e) {
            return rangeErrorMatchesSomeStep(engine, storage, expr, start, end, e);
        }
        for (long t = start; t <= end; t += STEP) {
            Map<Labels, Double> instant = new HashMap<>();
            Value value;
            try {
                value = engine.instantQuery(storage, expr, t).execute().value();
            } catch (PromqlException e) {
                return "instant query at " + t + " failed (" + e.getMessage() + ") but the range query did not";
            }
            if (value instanceof Scalar s) {
                instant.put(Labels.EMPTY, s.value());
            } else {
                for (Sample sample : ((Vector) value).samples()) {
                    instant.put(sample.labels(), sample.value());
                }
            }
            Map<Labels, Double> ranged = fromRange.getOrDefault(t, Map.of());
            if (!sameValues(instant, ranged)) {
                return "at " + t + ": instant " + instant + " vs range " + ranged;
            }
        }
        return null;
    }

    /** A range query may fail only if an instant query at one of its steps fails too. */
    private static String rangeErrorMatchesSomeStep(Engine engine, Queryable storage, String expr, long start, long end,
            PromqlException rangeError) {
        for (long t = start; t <= end; t += STEP) {
            try {
                engine.instantQuery(storage, expr, t).execute();
            } catch (PromqlException e) {
                return null;
            }
        }
        // Errors about series that collide anywhere in the range are legitimately range-only.
        if (rangeError.getMessage().contains("same labelset")) {
            return null;
        }
        return "range query failed (" + rangeError.getMessage() + ") but no instant query did";
    }

    private static boolean sameValues(Map<Labels, Double> a, Map<Labels, Double> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<Labels, Double> e : a.entrySet()) {
            double x = e.getValue();
            double y = b.get(e.getKey());
            if (!(Double.compare(x, y) == 0 || (Double.isNaN(x) && Double.isNaN(y)))) {
                return false;
            }
        }
        return true;
    }
}
