package dev.meridian.promql.differential;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;

/**
 * Random PromQL over a dataset's metric and label names, from a small typed grammar: every
 * expression is generated for the type its context needs (instant vector, range vector, scalar,
 * string), so most queries type-check, yet operands are combined freely enough that many binary
 * operations legitimately fail (many-to-many matching, duplicate label sets); a small share is
 * broken on purpose, to compare parse errors.
 *
 * <p>{@link #generate(int)} first gives every PromQL 2.42 function, aggregation and binary
 * operator its own queries, so each is covered whatever the seed, then fills up with queries from
 * the whole grammar. The same seed always gives the same queries.
 */
final class QueryGenerator {
    /** Every function of Prometheus 2.42, by the kind of arguments it takes. */
    static final List<String> MATH_FUNCTIONS = List.of("abs", "ceil", "exp", "floor", "ln", "log10", "log2", "sqrt",
            "sgn", "deg", "rad", "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "sin", "sinh",
            "tan", "tanh");
    static final List<String> RANGE_FUNCTIONS = List.of("rate", "irate", "increase", "delta", "idelta", "deriv",
            "changes", "resets", "avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time",
            "last_over_time", "stddev_over_time", "stdvar_over_time", "present_over_time", "absent_over_time");
    static final List<String> DATE_FUNCTIONS = List.of("day_of_month", "day_of_week", "day_of_year", "days_in_month",
            "hour", "minute", "month", "year");
    static final List<String> OTHER_FUNCTIONS = List.of("timestamp", "sort", "sort_desc", "absent", "histogram_count",
            "histogram_sum", "histogram_fraction", "histogram_quantile", "clamp", "clamp_max", "clamp_min", "round",
            "holt_winters", "predict_linear", "quantile_over_time", "label_replace", "label_join", "scalar", "vector",
            "time", "pi");
    static final List<String> AGGREGATIONS = List.of("sum", "avg", "count", "min", "max", "group", "stddev", "stdvar",
            "topk", "bottomk", "quantile", "count_values");
    static final List<String> ARITHMETIC = List.of("+", "-", "*", "/", "%", "^", "atan2");
    static final List<String> COMPARISONS = List.of("==", "!=", ">", "<", ">=", "<=");
    static final List<String> SET_OPERATORS = List.of("and", "or", "unless");

    private static final List<String> RANGES = List.of("20s", "45s", "1m", "90s", "2m", "3m", "5m", "5m", "5m",
            "7m30s", "10m", "15m", "30m", "1h");
    private static final List<String> OFFSETS = List.of("30s", "1m", "5m", "10m", "1h", "1h30m", "-1m", "-5m",
            "-30m", "7m13s", "3h");
    private static final List<String> SUBQUERY_RANGES = List.of("5m", "10m", "30m", "1h");
    private static final List<String> SUBQUERY_STEPS = List.of("", "", "15s", "30s", "1m", "2m", "17s", "5m");
    private static final List<String> NUMBERS = List.of("0", "1", "2", "3", "0.5", "-1", "10", "100", "0.25",
            "1e3", "1e-3", "0x10", "Inf", "-Inf", "NaN", "3.14159", "1024", "-0.5", "60", "0.1");
    private static final List<String> MADE_UP_LABELS = List.of("nonexistent", "region");

    private final Random random;
    private final Map<String, Map<String, SortedSet<String>>> catalog;
    private final List<String> metrics;
    private final List<String> counters;
    private final List<String> buckets;
    private final long start;
    private final long end;

    /**
     * @param catalog metric name to label name to label values, as {@link Dataset#catalog()}
     * @param start first sample time of the data (ms), for {@code @} timestamps
     * @param end last sample time of the data (ms)
     */
    QueryGenerator(long seed, Map<String, Map<String, SortedSet<String>>> catalog, long start, long end) {
        this.random = new Random(seed);
        this.catalog = requireNonNull(catalog, "catalog is null");
        if (catalog.isEmpty()) {
            throw new IllegalArgumentException("catalog is empty");
        }
        this.metrics = List.copyOf(catalog.keySet());
        this.counters = metrics.stream()
                .filter(m -> m.endsWith("_total") || m.endsWith("_bucket") || m.endsWith("_count") || m.endsWith("_sum"))
                .toList();
        this.buckets = metrics.stream().filter(m -> m.endsWith("_bucket")).toList();
        if (buckets.isEmpty() || counters.isEmpty()) {
            throw new IllegalArgumentException("catalog needs counters and histogram buckets");
        }
        this.start = start;
        this.end = end;
    }

    /**
     * {@code count} distinct queries (or fewer if the grammar runs out, which it does not in
     * practice): per function, aggregation and operator a few focused ones, then random ones.
     */
    List<String> generate(int count) {
        Set<String> queries = new LinkedHashSet<>();
        List<String> functions = new ArrayList<>();
        functions.addAll(MATH_FUNCTIONS);
        functions.addAll(RANGE_FUNCTIONS);
        functions.addAll(DATE_FUNCTIONS);
        functions.addAll(OTHER_FUNCTIONS);
        for (String function : functions) {
            for (int i = 0; i < 6; i++) {
                queries.add(wrapMaybe(call(function, 2)));
            }
        }
        for (String op : AGGREGATIONS) {
            for (int i = 0; i < 12; i++) {
                queries.add(aggregation(op, 2));
            }
        }
        List<String> operators = new ArrayList<>(ARITHMETIC);
        operators.addAll(COMPARISONS);
        operators.addAll(SET_OPERATORS);
        for (String op : operators) {
            for (int i = 0; i < 12; i++) {
                queries.add(binary(op, 2));
            }
        }
        int attempts = 0;
        while (queries.size() < count && attempts++ < count * 20) {
            queries.add(topLevel());
        }
        return List.copyOf(queries).subList(0, Math.min(count, queries.size()));
    }

    /** One query of any type, mostly instant vectors; a few are broken on purpose. */
    String topLevel() {
        int r = random.nextInt(100);
        if (r < 3) {
            return broken(vector(2));
        }
        if (r < 12) {
            return scalar(3);
        }
        if (r < 16) {
            return rangeVector(2);
        }
        if (r < 17) {
            return "\"" + pick(List.of("hello", "", "a\\\"b")) + "\"";
        }
        return vector(3);
    }

    /** A quarter of the time, an instant-vector call inside an aggregation or an operation. */
    private String wrapMaybe(String expr) {
        if (!returnsVector(expr) || random.nextInt(100) >= 25) {
            return expr;
        }
        return switch (random.nextInt(4)) {
            case 0 -> aggregationOver(pick(AGGREGATIONS), expr);
            case 1 -> "(" + expr + ") " + pick(ARITHMETIC) + " " + scalar(0);
            case 2 -> "-(" + expr + ")";
            default -> "(" + expr + ") > " + scalar(0);
        };
    }

    private static boolean returnsVector(String expr) {
        return !(expr.startsWith("scalar(") || expr.startsWith("time(") || expr.startsWith("pi("));
    }

    // ---- instant vectors ----

    String vector(int depth) {
        if (depth <= 0) {
            return selector();
        }
        int r = random.nextInt(100);
        if (r < 22) {
            return selector();
        }
        if (r < 35) {
            return call(pick(RANGE_FUNCTIONS), depth - 1);
        }
        if (r < 45) {
            return call(pick(concat(MATH_FUNCTIONS, DATE_FUNCTIONS)), depth - 1);
        }
        if (r < 55) {
            return call(pick(OTHER_FUNCTIONS.stream()
                    .filter(f -> !f.equals("scalar") && !f.equals("time") && !f.equals("pi")).toList()), depth - 1);
        }
        if (r < 72) {
            return aggregation(pick(AGGREGATIONS), depth - 1);
        }
        if (r < 90) {
            return binary(pick(concat(concat(ARITHMETIC, COMPARISONS), SET_OPERATORS)), depth - 1);
        }
        if (r < 94) {
            return "-" + parens(vector(depth - 1));
        }
        if (r < 97) {
            return "(" + vector(depth - 1) + ")";
        }
        return "vector(" + scalar(depth - 1) + ")";
    }

    /** A vector selector, sometimes with offset and @ modifiers. */
    String selector() {
        String text = plainSelector();
        return text + modifiers();
    }

    private String plainSelector() {
        int r = random.nextInt(100);
        String metric = pick(metrics);
        if (r < 6) {
            // No metric name: matches several metrics.
            String label = pick(List.of("job", "instance", "service"));
            String value = pick(List.of("api", "web", "node", "auth", "10.0.1.1:8080", "node-1:9100"));
            String op = random.nextBoolean() ? "=" : "=~";
            return "{" + label + op + quote(value) + (random.nextBoolean() ? "" : ", __name__=~" + quote(
                    pick(List.of("http_.*", ".*_total", "up|build_info", "node_.*", ".*:.*", "rpc_latency_seconds_bucket"))))
                    + "}";
        }
        if (r < 10) {
            return "{__name__=" + quote(metric) + matchers(metric, 1, true) + "}";
        }
        int count = random.nextInt(100) < 55 ? 0 : random.nextInt(100) < 75 ? 1 : 2;
        String matchers = matchers(metric, count, false);
        if (matchers.isEmpty()) {
            return random.nextInt(10) == 0 ? metric + "{}" : metric;
        }
        return metric + "{" + matchers + "}";
    }

    private String matchers(String metric, int count, boolean leadingComma) {
        List<String> parts = new ArrayList<>();
        Map<String, SortedSet<String>> labels = catalog.get(metric);
        for (int i = 0; i < count; i++) {
            String label;
            List<String> values;
            if (labels.isEmpty() || random.nextInt(12) == 0) {
                label = pick(MADE_UP_LABELS);
                values = List.of("", "x");
            } else {
                label = pick(List.copyOf(labels.keySet()));
                values = List.copyOf(labels.get(label));
            }
            int r = random.nextInt(100);
            String value = pick(values);
            if (r < 45) {
                parts.add(label + "=" + quote(value));
            } else if (r < 60) {
                parts.add(label + "!=" + quote(random.nextInt(8) == 0 ? "" : value));
            } else if (r < 85) {
                String regex = switch (random.nextInt(6)) {
                    case 0 -> value + "|" + pick(values);
                    case 1 -> value.isEmpty() ? ".*" : escapeRegex(firstCodePoint(value)) + ".*";
                    case 2 -> ".+";
                    case 3 -> "";
                    case 4 -> escapeRegex(value);
                    default -> ".*" + (value.isEmpty() ? "" : escapeRegex(lastCodePoint(value)));
                };
                parts.add(label + "=~" + quote(regex));
            } else {
                parts.add(label + "!~" + quote(random.nextBoolean() ? escapeRegex(value) : value + "|" + pick(values)));
            }
        }
        String joined = String.join(", ", parts);
        return leadingComma && !joined.isEmpty() ? ", " + joined : joined;
    }

    private static String firstCodePoint(String text) {
        return new String(Character.toChars(text.codePointAt(0)));
    }

    private static String lastCodePoint(String text) {
        return new String(Character.toChars(text.codePointBefore(text.length())));
    }

    /** A regular expression matching {@code text} literally. */
    private static String escapeRegex(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** {@code offset} and {@code @}, in either order, each sometimes. */
    private String modifiers() {
        String offset = random.nextInt(100) < 15 ? " offset " + pick(OFFSETS) : "";
        String at = random.nextInt(100) < 10 ? " @ " + atValue() : "";
        return random.nextBoolean() ? offset + at : at + offset;
    }

    private String atValue() {
        return switch (random.nextInt(6)) {
            case 0 -> "start()";
            case 1 -> "end()";
            case 2 -> PrometheusServer.seconds(start + random.nextLong(end - start));
            case 3 -> Long.toString((start + random.nextLong(end - start)) / 1000);
            case 4 -> PrometheusServer.seconds(end + 10 * 60_000);
            default -> PrometheusServer.seconds(start + 3_600_000);
        };
    }

    // ---- range vectors ----

    String rangeVector(int depth) {
        if (depth <= 0 || random.nextInt(100) < 78) {
            return matrixSelector(false);
        }
        return subquery(depth - 1);
    }

    private String matrixSelector(boolean counter) {
        String selector = counter && random.nextInt(100) < 80
                ? counterSelector()
                : plainSelector();
        return selector + "[" + pick(RANGES) + "]" + modifiers();
    }

    private String counterSelector() {
        String metric = pick(counters);
        String matchers = matchers(metric, random.nextInt(100) < 60 ? 0 : 1, false);
        return matchers.isEmpty() ? metric : metric + "{" + matchers + "}";
    }

    private String subquery(int depth) {
        String inner = vector(depth);
        return "(" + inner + ")[" + pick(SUBQUERY_RANGES) + ":" + pick(SUBQUERY_STEPS) + "]" + modifiers();
    }

    // ---- scalars ----

    String scalar(int depth) {
        if (depth <= 0) {
            return random.nextInt(10) == 0 ? "time()" : number();
        }
        int r = random.nextInt(100);
        if (r < 35) {
            return number();
        }
        if (r < 50) {
            return "scalar(" + vector(depth - 1) + ")";
        }
        if (r < 58) {
            return "time()";
        }
        if (r < 62) {
            return "pi()";
        }
        if (r < 85) {
            String op = pick(concat(ARITHMETIC, COMPARISONS));
            String bool = COMPARISONS.contains(op) ? " bool" : "";
            return parens(scalar(depth - 1)) + " " + op + bool + " " + parens(scalar(depth - 1));
        }
        if (r < 92) {
            return "-" + parens(scalar(depth - 1));
        }
        return "(" + scalar(depth - 1) + ")";
    }

    private String number() {
        return pick(NUMBERS);
    }

    /** A literal parameter for functions that need a sensible scalar (mostly), sometimes an expression. */
    private String param(List<String> literals, int depth) {
        return random.nextInt(100) < 85 ? pick(literals) : scalar(Math.min(depth, 1));
    }

    // ---- functions ----

    String call(String function, int depth) {
        if (RANGE_FUNCTIONS.contains(function)) {
            boolean counter = List.of("rate", "irate", "increase", "resets").contains(function);
            String range = random.nextInt(100) < 80 || depth <= 0 ? matrixSelector(counter) : subquery(depth - 1);
            return function + "(" + range + ")";
        }
        if (MATH_FUNCTIONS.contains(function)) {
            return function + "(" + vector(depth - 1) + ")";
        }
        if (DATE_FUNCTIONS.contains(function)) {
            return random.nextInt(3) == 0 ? function + "()" : function + "(" + vector(depth - 1) + ")";
        }
        return switch (function) {
            case "timestamp", "sort", "sort_desc", "absent", "histogram_count", "histogram_sum" ->
                    function + "(" + vector(depth - 1) + ")";
            case "histogram_quantile" -> "histogram_quantile(" + param(List.of("0", "0.5", "0.9", "0.99", "1",
                    "-0.1", "1.5", "NaN", "0.25"), depth) + ", " + bucketRates() + ")";
            case "histogram_fraction" -> "histogram_fraction(" + param(List.of("0", "0.1", "-Inf"), depth) + ", "
                    + param(List.of("0.5", "1", "+Inf"), depth) + ", " + bucketRates() + ")";
            case "clamp" -> "clamp(" + vector(depth - 1) + ", " + param(List.of("0", "-1", "10", "-Inf", "NaN"), depth)
                    + ", " + param(List.of("1", "100", "-5", "Inf", "NaN"), depth) + ")";
            case "clamp_max", "clamp_min" -> function + "(" + vector(depth - 1) + ", "
                    + param(List.of("0", "1", "10", "-3", "1e6", "NaN", "Inf"), depth) + ")";
            case "round" -> random.nextInt(3) == 0
                    ? "round(" + vector(depth - 1) + ")"
                    : "round(" + vector(depth - 1) + ", " + param(List.of("0.1", "5", "10", "0.001", "2.5", "-1", "0"),
                            depth) + ")";
            case "holt_winters" -> "holt_winters(" + rangeOrSubquery(depth) + ", "
                    + param(List.of("0.1", "0.5", "0.9", "0", "1"), depth) + ", "
                    + param(List.of("0.1", "0.5", "0.9", "1", "1.5"), depth) + ")";
            case "predict_linear" -> "predict_linear(" + rangeOrSubquery(depth) + ", "
                    + param(List.of("3600", "600", "-600", "0", "86400"), depth) + ")";
            case "quantile_over_time" -> "quantile_over_time(" + param(List.of("0", "0.5", "0.9", "1", "-1", "2",
                    "0.75"), depth) + ", " + rangeOrSubquery(depth) + ")";
            case "label_replace" -> labelReplace(depth);
            case "label_join" -> labelJoin(depth);
            case "scalar" -> "scalar(" + vector(depth - 1) + ")";
            case "vector" -> "vector(" + scalar(depth - 1) + ")";
            case "time" -> "time()";
            case "pi" -> "pi()";
            default -> throw new IllegalArgumentException("unknown function " + function);
        };
    }

    private String rangeOrSubquery(int depth) {
        return depth > 1 && random.nextInt(4) == 0 ? subquery(depth - 1) : matrixSelector(false);
    }

    /** {@code sum by (le) (rate(x_bucket[5m]))} and relatives, the argument histogram_quantile expects. */
    private String bucketRates() {
        String metric = pick(buckets);
        String range = pick(List.of("1m", "5m", "10m", "30m"));
        List<String> extra = List.copyOf(catalog.get(metric).keySet()).stream().filter(l -> !l.equals("le")).toList();
        return switch (random.nextInt(6)) {
            case 0 -> "rate(" + metric + "[" + range + "])";
            case 1 -> metric;
            case 2 -> "sum by (le) (rate(" + metric + "[" + range + "]))";
            case 3 -> "sum by (le, " + pick(extra) + ") (increase(" + metric + "[" + range + "]))";
            case 4 -> "sum without (" + pick(extra) + ") (rate(" + metric + "[" + range + "]" + modifiers() + "))";
            default -> "rate(" + metric + "{" + matchers(metric, 1, false) + "}[" + range + "])";
        };
    }

    private String labelReplace(int depth) {
        String source = pick(List.of("job", "instance", "code", "__name__", "le", "mode", "nonexistent", "site", "lang"));
        String[] regexes = {"(.*)", "(.+):.*", "([a-z]+)", "(.)(.)(.*)", "", "api|web", "(", "http_(.*)_total"};
        String[] replacements = {"$1", "${1}-x", "$2$1", "", "fixed", "$9"};
        String destination = pick(List.of("job", "new_label", "instance", "__name__", "le", "0bad", "code"));
        return "label_replace(" + vector(depth - 1) + ", " + quote(destination) + ", "
                + quote(replacements[random.nextInt(replacements.length)]) + ", " + quote(source) + ", "
                + quote(regexes[random.nextInt(regexes.length)]) + ")";
    }

    private String labelJoin(int depth) {
        StringBuilder out = new StringBuilder("label_join(").append(vector(depth - 1)).append(", ")
                .append(quote(pick(List.of("joined", "job", "__name__", "instance"))))
                .append(", ").append(quote(pick(List.of(",", "-", "", "::"))));
        int sources = random.nextInt(4);
        for (int i = 0; i < sources; i++) {
            out.append(", ").append(quote(pick(List.of("job", "instance", "method", "code", "__name__", "nonexistent", "le"))));
        }
        return out.append(')').toString();
    }

    // ---- aggregations ----

    String aggregation(String op, int depth) {
        return aggregationOver(op, aggregationOperand(depth));
    }

    private String aggregationOperand(int depth) {
        return random.nextInt(100) < 60 ? call(pick(RANGE_FUNCTIONS), depth) : vector(depth);
    }

    private String aggregationOver(String op, String operand) {
        String param = switch (op) {
            case "topk", "bottomk" -> param(List.of("1", "2", "3", "5", "0", "-1", "2.5", "100", "NaN"), 1) + ", ";
            case "quantile" -> param(List.of("0", "0.5", "0.9", "0.99", "1", "-0.5", "1.5", "NaN"), 1) + ", ";
            case "count_values" -> quote(pick(List.of("value", "v", "job", "le", "__name__", "0bad"))) + ", ";
            default -> "";
        };
        String grouping = grouping();
        int style = random.nextInt(3);
        if (grouping.isEmpty() || style == 0) {
            return op + grouping + "(" + param + operand + ")";
        }
        if (style == 1) {
            return op + "(" + param + operand + ")" + grouping;
        }
        return op + grouping + " (" + param + operand + ")";
    }

    private String grouping() {
        int r = random.nextInt(100);
        if (r < 30) {
            return "";
        }
        String keyword = r < 75 ? " by " : " without ";
        List<String> names = List.of("job", "instance", "method", "code", "le", "mode", "cpu", "site", "service",
                "__name__", "kind", "queue", "priority", "lang", "nonexistent");
        int count = random.nextInt(100) < 10 ? 0 : 1 + random.nextInt(2);
        Set<String> chosen = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
            chosen.add(pick(names));
        }
        return keyword + "(" + String.join(", ", chosen) + ")";
    }

    // ---- binary operators ----

    String binary(String op, int depth) {
        int r = random.nextInt(100);
        boolean comparison = COMPARISONS.contains(op);
        boolean set = SET_OPERATORS.contains(op);
        String bool = comparison && random.nextInt(100) < 35 ? " bool" : "";
        if (!set && r < 30) {
            // Vector and scalar, either side.
            String v = parens(vector(depth));
            String s = parens(scalar(Math.min(depth, 1)));
            return random.nextBoolean() ? v + " " + op + bool + " " + s : s + " " + op + bool + " " + v;
        }
        if (!set && r < 35) {
            return parens(scalar(Math.min(depth, 1))) + " " + op + (comparison ? " bool" : "") + " "
                    + parens(scalar(Math.min(depth, 1)));
        }
        String[] pair = related(depth);
        String matching = matching(op, set);
        return parens(pair[0]) + " " + op + bool + matching + " " + parens(pair[1]);
    }

    /** Two vectors that have a chance to match: the same metric, metrics sharing labels, or anything. */
    private String[] related(int depth) {
        int r = random.nextInt(100);
        String range = pick(List.of("1m", "5m", "10m"));
        if (r < 20) {
            String metric = pick(metrics);
            return new String[] {transform(metric, range), transform(metric + matchersBraces(metric), range)};
        }
        if (r < 32) {
            return new String[] {transform("node_memory_MemAvailable_bytes", range),
                    transform("node_memory_MemTotal_bytes", range)};
        }
        if (r < 46) {
            String[] pair = {transform("http_requests_total" + matchersBraces("http_requests_total"), range),
                    transform("http_request_failures_total", range)};
            return random.nextBoolean() ? pair : new String[] {pair[1], pair[0]};
        }
        if (r < 56) {
            String[] pair = {transform(pick(List.of("up", "http_requests_total", "node_memory_MemTotal_bytes",
                    "http_request_failures_total")), range), "build_info"};
            return random.nextBoolean() ? pair : new String[] {pair[1], pair[0]};
        }
        if (r < 64) {
            return new String[] {"http_request_duration_seconds_sum", "http_request_duration_seconds_count"};
        }
        return new String[] {vector(depth), vector(depth)};
    }

    private String matchersBraces(String metric) {
        String m = matchers(metric, random.nextInt(100) < 60 ? 0 : 1, false);
        return m.isEmpty() ? "" : "{" + m + "}";
    }

    /** A selector as is, or under a range function or an aggregation that keeps some labels. */
    private String transform(String selector, String range) {
        return switch (random.nextInt(6)) {
            case 0, 1 -> selector;
            case 2 -> "rate(" + selector + "[" + range + "])";
            case 3 -> pick(List.of("sum", "max", "avg", "count")) + " by (job, instance) (" + selector + ")";
            case 4 -> selector + " offset " + pick(List.of("1m", "5m", "-2m"));
            default -> "delta(" + selector + "[" + range + "])";
        };
    }

    private String matching(String op, boolean set) {
        int r = random.nextInt(100);
        if (r < 35) {
            return "";
        }
        List<String> names = List.of("job", "instance", "method", "code", "version", "le", "nonexistent", "__name__");
        StringBuilder out = new StringBuilder(random.nextInt(100) < 65 ? " on(" : " ignoring(");
        int count = random.nextInt(3);
        Set<String> chosen = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
            chosen.add(pick(names));
        }
        if (count > 0 && random.nextBoolean()) {
            chosen.add("instance");
            chosen.add("job");
        }
        out.append(String.join(", ", chosen)).append(')');
        // Group modifiers are parse errors for set operators: generate them rarely there.
        if (r < 75 && (!set || random.nextInt(10) == 0)) {
            out.append(random.nextBoolean() ? " group_left" : " group_right");
            int extra = random.nextInt(3);
            if (extra > 0) {
                Set<String> include = new LinkedHashSet<>();
                for (int i = 0; i < extra; i++) {
                    include.add(pick(List.of("version", "code", "le", "method", "nonexistent")));
                }
                out.append('(').append(String.join(", ", include)).append(')');
            }
        }
        return out.toString();
    }

    // ---- deliberately broken queries ----

    private String broken(String valid) {
        return switch (random.nextInt(8)) {
            case 0 -> valid.substring(0, Math.max(1, valid.length() - 1 - random.nextInt(Math.min(3, valid.length()))));
            case 1 -> "rate(" + valid + ")";
            case 2 -> "sum(" + matrixSelector(false) + ")";
            case 3 -> valid + " offset";
            case 4 -> "no_such_function(" + valid + ")";
            case 5 -> "topk(" + valid + ")";
            case 6 -> "(" + valid + ")[5m:1m] + 1";
            default -> "\"text\" + " + valid;
        };
    }

    // ---- helpers ----

    private static String parens(String expr) {
        return "(" + expr + ")";
    }

    /** A PromQL double-quoted string literal of {@code text}. */
    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
