package dev.meridian.promql.ast;

import static dev.meridian.promql.ast.ValueType.MATRIX;
import static dev.meridian.promql.ast.ValueType.SCALAR;
import static dev.meridian.promql.ast.ValueType.STRING;
import static dev.meridian.promql.ast.ValueType.VECTOR;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The functions of PromQL as of Prometheus 2.42, with their signatures. */
public final class Functions {
    private static final Map<String, Function> BY_NAME;

    static {
        TreeMap<String, Function> map = new TreeMap<>();
        // Math on each sample of an instant vector.
        for (String name : List.of("abs", "ceil", "exp", "floor", "ln", "log10", "log2", "sqrt", "sgn",
                "deg", "rad", "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "sin",
                "sinh", "tan", "tanh", "timestamp", "sort", "sort_desc", "absent",
                "histogram_count", "histogram_sum")) {
            add(map, name, List.of(VECTOR), 0, VECTOR);
        }
        // Functions over the samples of a range vector.
        for (String name : List.of("rate", "irate", "increase", "delta", "idelta", "deriv", "changes",
                "resets", "avg_over_time", "min_over_time", "max_over_time", "sum_over_time",
                "count_over_time", "last_over_time", "stddev_over_time", "stdvar_over_time",
                "present_over_time", "absent_over_time")) {
            add(map, name, List.of(MATRIX), 0, VECTOR);
        }
        // Calendar functions default to vector(time()).
        for (String name : List.of("day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour",
                "minute", "month", "year")) {
            add(map, name, List.of(VECTOR), 1, VECTOR);
        }
        add(map, "clamp", List.of(VECTOR, SCALAR, SCALAR), 0, VECTOR);
        add(map, "clamp_max", List.of(VECTOR, SCALAR), 0, VECTOR);
        add(map, "clamp_min", List.of(VECTOR, SCALAR), 0, VECTOR);
        add(map, "round", List.of(VECTOR, SCALAR), 1, VECTOR);
        add(map, "histogram_quantile", List.of(SCALAR, VECTOR), 0, VECTOR);
        add(map, "histogram_fraction", List.of(SCALAR, SCALAR, VECTOR), 0, VECTOR);
        add(map, "holt_winters", List.of(MATRIX, SCALAR, SCALAR), 0, VECTOR);
        add(map, "predict_linear", List.of(MATRIX, SCALAR), 0, VECTOR);
        add(map, "quantile_over_time", List.of(SCALAR, MATRIX), 0, VECTOR);
        add(map, "label_replace", List.of(VECTOR, STRING, STRING, STRING, STRING), 0, VECTOR);
        add(map, "label_join", List.of(VECTOR, STRING, STRING, STRING), -1, VECTOR);
        add(map, "scalar", List.of(VECTOR), 0, SCALAR);
        add(map, "vector", List.of(SCALAR), 0, VECTOR);
        add(map, "time", List.of(), 0, SCALAR);
        add(map, "pi", List.of(), 0, SCALAR);
        BY_NAME = Collections.unmodifiableMap(map);
    }

    private Functions() {}

    private static void add(Map<String, Function> map, String name, List<ValueType> args, int variadic, ValueType ret) {
        map.put(name, new Function(name, args, variadic, ret));
    }

    public static Optional<Function> get(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** All functions, sorted by name. */
    public static Collection<Function> all() {
        return BY_NAME.values();
    }
}
