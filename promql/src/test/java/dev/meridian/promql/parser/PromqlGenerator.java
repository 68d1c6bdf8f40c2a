package dev.meridian.promql.parser;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ast.AggregationOp;
import dev.meridian.promql.ast.BinaryOp;
import dev.meridian.promql.ast.Function;
import dev.meridian.promql.ast.Functions;
import dev.meridian.promql.ast.ValueType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Writes random, well-typed PromQL (the Prometheus 2.42 grammar) for {@link ParserGeneratedInputTest},
 * so every query it returns must parse. Each expression is generated for a wanted type, the way the
 * type checker reads it: aggregations over instant vectors, function arguments of the declared
 * types, {@code bool} on comparisons between scalars, set operators and vector matching only
 * between instant vectors, ranges only on plain selectors, subqueries over instant vectors.
 *
 * <p>The text varies what the grammar leaves open: spacing, line breaks and comments between
 * tokens, keyword case, number forms ({@code 0x1F}, {@code 017}, {@code 1e3}, {@code .5},
 * {@code Inf}), quoting styles and escapes, modifier order, optional clauses and trailing commas.
 * Operands are parenthesized exactly when precedence requires it, or at random.
 *
 * <p>The same seed gives the same sequence of texts.
 */
final class PromqlGenerator {
    /** Text of an expression, the type it has, and how tightly its outermost operator binds. */
    private record Generated(String text, ValueType type, int precedence) {}

    /** Selectors, calls, aggregations, parentheses, literals: they bind tighter than any operator. */
    private static final int ATOM = 100;
    /**
     * A leading {@code -}/{@code +} takes its operand at {@code ^} precedence and, as a left
     * operand, binds like {@code *}: {@code -a * b} is {@code (-a) * b}, {@code -a ^ b} is
     * {@code -(a ^ b)}.
     */
    private static final int UNARY = BinaryOp.MUL.precedence();

    private static final List<String> METRIC_NAMES = List.of(
            "http_requests_total", "up", "foo", "x", "node_cpu_seconds_total", "job:rate5m:sum", ":colon_first",
            "_underscore", "A1", "sum", "count", "topk", "by", "without", "offset", "and", "or", "unless");
    private static final List<String> LABEL_NAMES = List.of(
            "job", "instance", "code", "le", "a", "_b", "L2", "offset", "by", "bool", "on", "inf", "nan", "sum");
    private static final List<String> GROUPING_LABELS = List.of(
            "job", "instance", "code", "le", "a", "by", "without", "on", "group_left", "bool", "offset", "sum",
            "topk", "and", "unless", "atan2");
    private static final List<String> REGEXES = List.of(
            ".+", "a.*", "api|web", "5..", "[a-z]+", "\\d+", "foo(bar)?", "(?i)get", "\\.", "[^/]+/.*", "ü+");
    private static final List<String> WORDS = List.of(
            "api", "web server", "5xx", "", "α-β", "日本", "😀", "tab\there", "quote\"d", "it's", "back\\slash",
            "new\nline", "\u0000nul", "\u2028", "\uFEFF");
    private static final List<String> DURATION_UNITS = List.of("y", "w", "d", "h", "m", "s", "ms");
    private static final List<Function> FUNCTIONS = List.copyOf(Functions.all());
    private static final List<BinaryOp> ARITHMETIC = List.of(
            BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MOD, BinaryOp.POW, BinaryOp.ATAN2);
    private static final List<BinaryOp> COMPARISONS = List.of(
            BinaryOp.EQL, BinaryOp.NEQ, BinaryOp.GTR, BinaryOp.LSS, BinaryOp.GTE, BinaryOp.LTE);
    private static final List<BinaryOp> SET_OPERATORS = List.of(BinaryOp.AND, BinaryOp.OR, BinaryOp.UNLESS);

    private final Random random;
    private final int maxDepth;

    PromqlGenerator(Random random, int maxDepth) {
        this.random = requireNonNull(random, "random is null");
        this.maxDepth = maxDepth;
    }

    /** A query of a random type: mostly instant vectors, sometimes scalars, range vectors or strings. */
    String query() {
        ValueType type = pick(List.of(ValueType.VECTOR, ValueType.VECTOR, ValueType.VECTOR, ValueType.SCALAR,
                ValueType.SCALAR, ValueType.MATRIX, ValueType.STRING));
        return space() + expr(type, random.nextInt(maxDepth + 1)).text() + space();
    }

    /** A series selector as {@link Parser#parseSelector} takes it: a name and/or matchers. */
    String seriesSelector() {
        return selectorBody();
    }

    /** A promqltest series description: a selector with {@code =} matchers only, then values. */
    String seriesDescription() {
        Text line = new Text();
        boolean named = random.nextInt(4) != 0;
        if (named) {
            line.add(pick(List.of("foo", "http_requests", "job:rate:sum", "sum", "offset", "by", "a_1")));
        }
        List<String> used = new ArrayList<>();
        if (!named && random.nextBoolean()) {
            used.add("__name__");
        }
        int labels = named ? random.nextInt(3) : 1 + random.nextInt(2);
        if (labels > 0 || !named || random.nextBoolean()) {
            StringBuilder braces = new StringBuilder("{");
            for (int i = 0; i < labels; i++) {
                String name = i == 0 && used.contains("__name__") ? "__name__" : unused(used, LABEL_NAMES);
                braces.append(i == 0 ? "" : random.nextBoolean() ? ", " : ",").append(name).append('=')
                        .append(stringLiteral(random.nextInt(3) == 0 ? pick(WORDS) : "v" + random.nextInt(10)));
            }
            line.addAdjacent(braces.append(random.nextInt(5) == 0 && labels > 0 ? ",}" : "}").toString());
        }
        int items = random.nextInt(6);
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < items; i++) {
            values.append(pick(List.of(" ", "  ", "\t"))).append(sequenceItem());
        }
        return line + values.toString();
    }

    private String sequenceItem() {
        int count = random.nextInt(20);
        return switch (random.nextInt(7)) {
            case 0 -> seriesNumber();
            case 1 -> seriesNumber() + "x" + count;
            case 2 -> seriesNumber() + (random.nextBoolean() ? "+" : "-") + unsignedSeriesNumber() + "x" + count;
            case 3 -> "_";
            case 4 -> "_x" + count;
            case 5 -> "stale";
            default -> pick(List.of("Inf", "-Inf", "+inf", "1e3", ".5", "5.", "-0", "NaN", "-nan", "+NaN"));
        };
    }

    private String seriesNumber() {
        return (random.nextInt(3) == 0 ? "-" : "") + unsignedSeriesNumber();
    }

    private String unsignedSeriesNumber() {
        return switch (random.nextInt(4)) {
            case 0 -> Integer.toString(random.nextInt(1000));
            case 1 -> random.nextInt(100) + "." + random.nextInt(100);
            case 2 -> random.nextInt(10) + "e" + (random.nextBoolean() ? "-" : "") + random.nextInt(20);
            default -> Integer.toString(random.nextInt(10));
        };
    }

    // ---- Expressions by type ---------------------------------------------------------------------

    private Generated expr(ValueType type, int depth) {
        if (depth <= 0) {
            return leaf(type);
        }
        return switch (type) {
            case VECTOR -> vector(depth);
            case SCALAR -> scalar(depth);
            case MATRIX -> matrix(depth);
            case STRING -> leaf(ValueType.STRING);
        };
    }

    private Generated leaf(ValueType type) {
        return switch (type) {
            case VECTOR -> atom(selectorBody() + modifiers(), ValueType.VECTOR);
            case SCALAR -> number();
            case MATRIX -> atom(matrixSelector(), ValueType.MATRIX);
            case STRING -> atom(stringLiteral(pick(WORDS)), ValueType.STRING);
        };
    }

    private Generated vector(int depth) {
        return switch (random.nextInt(9)) {
            case 0 -> leaf(ValueType.VECTOR);
            case 1 -> aggregation(depth);
            case 2, 3 -> call(ValueType.VECTOR, depth);
            case 4, 5 -> binary(ValueType.VECTOR, depth);
            case 6 -> unary(ValueType.VECTOR, depth);
            case 7 -> paren(expr(ValueType.VECTOR, depth - 1));
            default -> atom(new Text().add("vector").addAdjacent("(").add(expr(ValueType.SCALAR, depth - 1).text())
                    .add(")").toString(), ValueType.VECTOR);
        };
    }

    private Generated scalar(int depth) {
        return switch (random.nextInt(6)) {
            case 0 -> leaf(ValueType.SCALAR);
            case 1 -> call(ValueType.SCALAR, depth);
            case 2, 3 -> binary(ValueType.SCALAR, depth);
            case 4 -> unary(ValueType.SCALAR, depth);
            default -> paren(expr(ValueType.SCALAR, depth - 1));
        };
    }

    private Generated matrix(int depth) {
        return switch (random.nextInt(4)) {
            case 0 -> leaf(ValueType.MATRIX);
            case 1 -> paren(expr(ValueType.MATRIX, depth - 1));
            default -> {
                // A subquery applies to the operand right before the brackets: wrap anything else.
                Generated inner = expr(ValueType.VECTOR, depth - 1);
                String base = inner.precedence() == ATOM ? inner.text() : "(" + inner.text() + ")";
                Text text = new Text().add(base).add("[").add(duration()).add(":");
                if (random.nextBoolean()) {
                    text.add(duration());
                }
                yield atom(text.add("]").toString() + modifiers(), ValueType.MATRIX);
            }
        };
    }

    private Generated aggregation(int depth) {
        AggregationOp op = pick(List.of(AggregationOp.values()));
        Text text = new Text().add(keyword(op.keyword()));
        boolean groupingFirst = random.nextBoolean();
        String grouping = random.nextInt(3) == 0 ? null : grouping(pick(List.of("by", "without")));
        if (grouping != null && groupingFirst) {
            text.add(grouping);
        }
        text.add("(");
        if (op.hasParam()) {
            text.add(expr(op.paramType(), depth - 1).text()).add(",");
        }
        text.add(expr(ValueType.VECTOR, depth - 1).text()).add(")");
        if (grouping != null && !groupingFirst) {
            text.add(grouping);
        }
        return atom(text.toString(), ValueType.VECTOR);
    }

    private Generated call(ValueType returnType, int depth) {
        List<Function> candidates = FUNCTIONS.stream().filter(f -> f.returnType() == returnType).toList();
        Function f = pick(candidates);
        int extra = f.maxArgs() == f.minArgs() ? 0 : random.nextInt(Math.min(3, f.maxArgs() - f.minArgs()) + 1);
        Text text = new Text().add(f.name()).add("(");
        for (int i = 0; i < f.minArgs() + extra; i++) {
            if (i > 0) {
                text.add(",");
            }
            text.add(expr(f.argType(i), depth - 1).text());
        }
        return atom(text.add(")").toString(), f.returnType());
    }

    private Generated binary(ValueType type, int depth) {
        ValueType lhsType = type;
        ValueType rhsType = type;
        if (type == ValueType.VECTOR && random.nextInt(3) == 0) {
            if (random.nextBoolean()) {
                lhsType = ValueType.SCALAR;
            } else {
                rhsType = ValueType.SCALAR;
            }
        }
        boolean bothVectors = lhsType == ValueType.VECTOR && rhsType == ValueType.VECTOR;
        List<BinaryOp> ops = new ArrayList<>(ARITHMETIC);
        ops.addAll(COMPARISONS);
        if (bothVectors) {
            ops.addAll(SET_OPERATORS);
        }
        BinaryOp op = pick(ops);
        Generated lhs = expr(lhsType, depth - 1);
        Generated rhs = expr(rhsType, depth - 1);
        boolean leftNeedsParens = lhs.precedence() < op.precedence()
                || (lhs.precedence() == op.precedence() && op.isRightAssociative());
        boolean rightNeedsParens = rhs.precedence() < op.precedence()
                || (rhs.precedence() == op.precedence() && !op.isRightAssociative());
        String left = leftNeedsParens || random.nextInt(10) == 0 ? "(" + lhs.text() + ")" : lhs.text();
        String right = rightNeedsParens || random.nextInt(10) == 0 ? "(" + rhs.text() + ")" : rhs.text();

        Text text = new Text().add(left).add(keyword(op.symbol()));
        boolean scalarComparison = op.isComparison() && !bothVectors && lhsType == ValueType.SCALAR && rhsType == ValueType.SCALAR;
        if (scalarComparison || (op.isComparison() && random.nextBoolean())) {
            text.add(keyword("bool"));
        }
        if (bothVectors && random.nextInt(3) == 0) {
            boolean on = random.nextBoolean();
            List<String> matchingLabels = labelList(GROUPING_LABELS);
            text.add(groupingClause(on ? "on" : "ignoring", matchingLabels));
            if (!op.isSetOperator() && random.nextBoolean()) {
                List<String> include = new ArrayList<>(labelList(GROUPING_LABELS));
                include.removeAll(matchingLabels);
                String side = random.nextBoolean() ? "group_left" : "group_right";
                if (include.isEmpty() && !right.startsWith("(") && random.nextBoolean()) {
                    // Without a label list: the right operand must not start with "(".
                    text.add(keyword(side));
                } else {
                    text.add(groupingClause(side, include));
                }
            }
        }
        text.add(right);
        ValueType result = lhsType == ValueType.SCALAR && rhsType == ValueType.SCALAR ? ValueType.SCALAR : ValueType.VECTOR;
        return new Generated(text.toString(), result, op.precedence());
    }

    private Generated unary(ValueType type, int depth) {
        Generated operand = expr(type, depth - 1);
        boolean needsParens = operand.precedence() < BinaryOp.POW.precedence() && operand.precedence() != UNARY;
        String text = needsParens || random.nextInt(10) == 0 ? "(" + operand.text() + ")" : operand.text();
        return new Generated(new Text().add(random.nextInt(4) == 0 ? "+" : "-").add(text).toString(), type, UNARY);
    }

    private Generated paren(Generated inner) {
        return atom(new Text().add("(").add(inner.text()).add(")").toString(), inner.type());
    }

    private Generated number() {
        return new Generated(numberLiteral(), ValueType.SCALAR, ATOM);
    }

    private static Generated atom(String text, ValueType type) {
        return new Generated(text, type, ATOM);
    }

    // ---- Selectors and modifiers ----------------------------------------------------------------

    /** A metric name and/or matchers; a selector without a name gets a matcher that rejects "". */
    private String selectorBody() {
        boolean named = random.nextInt(5) != 0;
        List<String> matchers = new ArrayList<>();
        List<String> used = new ArrayList<>();
        if (!named) {
            if (random.nextInt(4) == 0) {
                used.add("__name__");
                matchers.add("__name__" + pick(List.of("=", "=~")) + stringLiteral(pick(List.of("foo", "up|down"))));
            } else {
                String name = unused(used, LABEL_NAMES);
                matchers.add(name + "=" + stringLiteral("v" + random.nextInt(100)));
            }
        }
        int more = random.nextInt(named ? 4 : 3);
        for (int i = 0; i < more; i++) {
            String name = unused(used, LABEL_NAMES);
            String op = pick(List.of("=", "!=", "=~", "!~"));
            String value = op.endsWith("~") ? pick(REGEXES) : pick(WORDS);
            matchers.add(new Text().add(name).add(op).add(stringLiteral(value)).toString());
        }
        Collections.shuffle(matchers, random);
        Text text = new Text();
        if (named) {
            text.add(pick(METRIC_NAMES));
        }
        if (!named || !matchers.isEmpty() || random.nextInt(4) == 0) {
            text.addAdjacent("{");
            for (int i = 0; i < matchers.size(); i++) {
                if (i > 0) {
                    text.add(",");
                }
                text.add(matchers.get(i));
            }
            if (!matchers.isEmpty() && random.nextInt(5) == 0) {
                text.add(",");
            }
            text.add("}");
        }
        return text.toString();
    }

    private String matrixSelector() {
        return new Text().add(selectorBody()).addAdjacent("[").add(duration()).add("]").toString() + modifiers();
    }

    /** Zero, one or both of {@code offset} and {@code @}, in either order, with leading space. */
    private String modifiers() {
        List<String> modifiers = new ArrayList<>();
        if (random.nextInt(4) == 0) {
            modifiers.add(new Text().add(keyword("offset")).add(random.nextInt(3) == 0 ? "-" : "").add(duration()).toString());
        }
        if (random.nextInt(4) == 0) {
            modifiers.add(new Text().add("@").add(atValue()).toString());
        }
        Collections.shuffle(modifiers, random);
        StringBuilder out = new StringBuilder();
        for (String modifier : modifiers) {
            out.append(requiredSpace()).append(modifier);
        }
        return out.toString();
    }

    private String atValue() {
        return switch (random.nextInt(6)) {
            case 0 -> new Text().add(pick(List.of("start", "end", "START", "End"))).addAdjacent("(").add(")").toString();
            case 1 -> Integer.toString(random.nextInt(2_000_000_000));
            case 2 -> "-" + random.nextInt(100_000) + "." + random.nextInt(1000);
            case 3 -> "0x" + Integer.toHexString(random.nextInt(1 << 20));
            case 4 -> random.nextInt(10) + "e" + random.nextInt(9);
            default -> "+" + random.nextInt(1000);
        };
    }

    private String grouping(String keyword) {
        return groupingClause(keyword, labelList(GROUPING_LABELS));
    }

    private String groupingClause(String keyword, List<String> labels) {
        Text text = new Text().add(keyword(keyword)).add("(");
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                text.add(",");
            }
            text.add(keyword(labels.get(i)));
        }
        if (!labels.isEmpty() && random.nextInt(5) == 0) {
            text.add(",");
        }
        return text.add(")").toString();
    }

    private List<String> labelList(List<String> from) {
        List<String> labels = new ArrayList<>();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            unused(labels, from);
        }
        return labels;
    }

    // ---- Literals -------------------------------------------------------------------------------

    private String numberLiteral() {
        return switch (random.nextInt(10)) {
            case 0 -> Integer.toString(random.nextInt(10));
            case 1 -> Integer.toString(random.nextInt(1_000_000));
            case 2 -> random.nextInt(1000) + "." + random.nextInt(1000);
            case 3 -> "." + random.nextInt(100);
            case 4 -> random.nextInt(100) + ".";
            case 5 -> random.nextInt(10) + pick(List.of("e", "E")) + pick(List.of("", "+", "-")) + random.nextInt(300);
            case 6 -> pick(List.of("0x", "0X")) + Integer.toHexString(random.nextInt()).toUpperCase(Locale.ROOT);
            case 7 -> "0" + Integer.toOctalString(random.nextInt(10_000));
            case 8 -> keyword(pick(List.of("Inf", "NaN")));
            default -> Long.toString(random.nextLong() & Long.MAX_VALUE);
        };
    }

    /** A positive duration: one to three units in Prometheus' order, e.g. {@code 1h30m}. */
    private String duration() {
        StringBuilder out = new StringBuilder();
        int first = random.nextInt(DURATION_UNITS.size());
        int units = 1 + random.nextInt(3);
        for (int i = first; i < DURATION_UNITS.size() && units > 0; i++) {
            if (i == first || random.nextBoolean()) {
                out.append(1 + random.nextInt(99)).append(DURATION_UNITS.get(i));
                units--;
            }
        }
        return out.toString();
    }

    /** {@code value} as a double-, single- or back-quoted literal with escapes where needed. */
    private String stringLiteral(String value) {
        boolean raw = value.indexOf('`') < 0 && random.nextInt(4) == 0;
        if (raw) {
            return "`" + value + "`";
        }
        char quote = random.nextBoolean() ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == quote || cp == '\\') {
                out.append('\\').appendCodePoint(cp);
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp < 0x20) {
                out.append(random.nextBoolean() ? String.format(Locale.ROOT, "\\x%02x", cp) : String.format(Locale.ROOT, "\\%03o", cp));
            } else if (cp > 0x7f && random.nextInt(3) == 0) {
                out.append(cp > 0xffff ? String.format(Locale.ROOT, "\\U%08x", cp) : String.format(Locale.ROOT, "\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.append(quote).toString();
    }

    /** Keywords and operator words are case-insensitive: mostly lower case, sometimes not. */
    private String keyword(String word) {
        return switch (random.nextInt(8)) {
            case 0 -> word.toUpperCase(Locale.ROOT);
            case 1 -> word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
            default -> word;
        };
    }

    // ---- Spacing --------------------------------------------------------------------------------

    private String space() {
        return switch (random.nextInt(12)) {
            case 0, 1, 2, 3, 4 -> "";
            case 5, 6, 7 -> " ";
            case 8 -> "  ";
            case 9 -> "\n\t";
            case 10 -> "\r\n";
            default -> " # " + pick(WORDS).replace('\n', ' ') + "\n";
        };
    }

    private String requiredSpace() {
        String space = space();
        return space.isEmpty() ? " " : space;
    }

    /** Joins tokens with random spacing; a space wherever two words would otherwise merge. */
    private final class Text {
        private final StringBuilder out = new StringBuilder();

        Text add(String piece) {
            if (out.length() > 0 && !piece.isEmpty()) {
                boolean words = isWordChar(out.charAt(out.length() - 1)) && isWordChar(piece.charAt(0));
                out.append(words ? requiredSpace() : space());
            }
            out.append(piece);
            return this;
        }

        /** Appends with no space in between, where the grammar or readability wants none. */
        Text addAdjacent(String piece) {
            out.append(piece);
            return this;
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':' || c == '.';
    }

    private String unused(List<String> used, List<String> from) {
        String name;
        do {
            name = pick(from);
        } while (used.contains(name) && used.size() < from.size());
        used.add(name);
        return name;
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
