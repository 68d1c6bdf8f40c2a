package dev.meridian.promql.parser;

import dev.meridian.promql.ErrorCode;
import dev.meridian.promql.ast.AggregateExpr;
import dev.meridian.promql.ast.BinaryExpr;
import dev.meridian.promql.ast.Call;
import dev.meridian.promql.ast.Cardinality;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.ExprVisitor;
import dev.meridian.promql.ast.Function;
import dev.meridian.promql.ast.MatrixSelector;
import dev.meridian.promql.ast.NumberLiteral;
import dev.meridian.promql.ast.ParenExpr;
import dev.meridian.promql.ast.StringLiteral;
import dev.meridian.promql.ast.SubqueryExpr;
import dev.meridian.promql.ast.UnaryExpr;
import dev.meridian.promql.ast.ValueType;
import dev.meridian.promql.ast.VectorSelector;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.labels.MatchType;
import dev.meridian.promql.syntax.Quoting;
import java.util.regex.Pattern;

/**
 * What the parser entry points promise for any input text. Shared by {@link ParserFuzzTest} and
 * {@link ParserGeneratedInputTest}.
 *
 * <ul>
 *   <li>The only exception is {@link ParseException}: code {@link ErrorCode#PARSE_ERROR}, the input
 *       as its query, and a message {@code <line>:<column>: parse error: <detail>} that agrees with
 *       {@link ParseException#line()} and {@link ParseException#column()}.
 *   <li>A parsed expression is well typed: every node has a type, and operands have the types the
 *       type checker demands (the rules of Prometheus' {@code checkAST}); binary operations carry
 *       vector matching exactly when both sides are instant vectors.
 *   <li>It is at most {@link Parser#MAX_DEPTH} levels deep.
 *   <li>It prints to text that parses again and prints the same way (the printed form is a fixed
 *       point; the first print may normalize, e.g. {@code 0x10} to {@code 16}).
 * </ul>
 *
 * <p>A broken promise is an {@link AssertionError} naming the input. Only {@link ParseException}
 * is caught; anything else the parser throws propagates unchanged, so the caller sees it as is.
 */
final class ParserContract {
    /** What happened to an input that kept the contract. */
    enum Outcome {
        PARSED,
        REJECTED
    }

    private static final Pattern MESSAGE = Pattern.compile("\\d+:\\d+: parse error: .+", Pattern.DOTALL);

    private ParserContract() {}

    /** Checks {@link Parser#parse(String)} on {@code query}. */
    static Outcome checkParse(String query) {
        Expr expr;
        try {
            expr = Parser.parse(query);
        } catch (ParseException e) {
            checkParseError(query, e);
            return Outcome.REJECTED;
        }
        checkExpr(query, expr);
        String printed = expr.toString();
        Expr reparsed = reparse(query, printed, Parser::parse);
        checkPrintedAgain(query, printed, reparsed.toString());
        if (reparsed.type() != expr.type()) {
            throw fail(query, "type changed from " + expr.type() + " to " + reparsed.type() + " after printing as " + show(printed));
        }
        return Outcome.PARSED;
    }

    /** Checks {@link Parser#parseSelector(String)} on {@code text}. */
    static Outcome checkParseSelector(String text) {
        VectorSelector selector;
        try {
            selector = Parser.parseSelector(text);
        } catch (ParseException e) {
            checkParseError(text, e);
            return Outcome.REJECTED;
        }
        checkExpr(text, selector);
        if (selector.offsetMillis() != 0 || selector.at() != null) {
            throw fail(text, "a series selector carries no modifiers, got " + show(selector.toString()));
        }
        String printed = selector.toString();
        checkPrintedAgain(text, printed, reparse(text, printed, Parser::parseSelector).toString());
        // A series selector is also an expression, and prints the same way as one.
        checkPrintedAgain(text, printed, reparse(text, printed, Parser::parse).toString());
        return Outcome.PARSED;
    }

    /** Checks {@link SeriesDescription#parse(String)} on {@code line}. */
    static Outcome checkSeriesDescription(String line) {
        SeriesDescription description;
        try {
            description = SeriesDescription.parse(line);
        } catch (ParseException e) {
            checkParseError(line, e);
            return Outcome.REJECTED;
        }
        if (description.labels() == null || description.values() == null) {
            throw fail(line, "series description without labels or values: " + description);
        }
        if (!SeriesDescription.parse(line).equals(description)) {
            throw fail(line, "parsing the same line twice gave different results");
        }
        return Outcome.PARSED;
    }

    private static void checkParseError(String input, ParseException e) {
        if (e.code() != ErrorCode.PARSE_ERROR) {
            throw fail(input, "ParseException with code " + e.code(), e);
        }
        if (!input.equals(e.query())) {
            throw fail(input, "ParseException names another query: " + show(e.query()), e);
        }
        String message = e.getMessage();
        if (message == null || !MESSAGE.matcher(message).matches()) {
            throw fail(input, "message is not \"<line>:<column>: parse error: <detail>\": " + show(message), e);
        }
        if (!message.startsWith(e.line() + ":" + e.column() + ": ")) {
            throw fail(input, "message disagrees with line " + e.line() + " column " + e.column() + ": " + show(message), e);
        }
    }

    private static void checkExpr(String input, Expr expr) {
        if (expr == null) {
            throw fail(input, "parser returned null");
        }
        int depth = expr.accept(new TypeRules(input));
        if (depth > Parser.MAX_DEPTH) {
            throw fail(input, "tree is " + depth + " levels deep, more than Parser.MAX_DEPTH");
        }
    }

    private interface Reparser {
        Expr parse(String text);
    }

    private static Expr reparse(String input, String printed, Reparser parser) {
        try {
            return parser.parse(printed);
        } catch (ParseException e) {
            throw fail(input, "printed form " + show(printed) + " does not parse: " + e.getMessage(), e);
        }
    }

    private static void checkPrintedAgain(String input, String printed, String printedAgain) {
        if (!printed.equals(printedAgain)) {
            throw fail(input, "printed form " + show(printed) + " prints as " + show(printedAgain) + " after parsing");
        }
    }

    /**
     * Checks each node against the typing rules and returns the depth of the tree, counted as the
     * parser counts it: a leaf is one level, a matrix selector is a leaf.
     */
    private static final class TypeRules implements ExprVisitor<Integer> {
        private final String input;

        TypeRules(String input) {
            this.input = input;
        }

        private int visit(Expr e) {
            if (e == null || e.type() == null || e.position() == null) {
                throw fail(input, "node without type or position: " + e);
            }
            return e.accept(this);
        }

        private void expect(boolean condition, Expr node, String rule) {
            if (!condition) {
                throw fail(input, rule + ", in node " + show(node.toString()));
            }
        }

        private static boolean scalarOrVector(Expr e) {
            return e.type() == ValueType.SCALAR || e.type() == ValueType.VECTOR;
        }

        @Override
        public Integer visitAggregate(AggregateExpr e) {
            int depth = visit(e.expr());
            expect(e.expr().type() == ValueType.VECTOR, e, "aggregation over " + e.expr().type());
            if (e.op().hasParam()) {
                expect(e.param() != null, e, e.op() + " without parameter");
                depth = Math.max(depth, visit(e.param()));
                expect(e.param().type() == e.op().paramType(), e, e.op() + " parameter of type " + e.param().type());
            } else {
                expect(e.param() == null, e, e.op() + " with a parameter");
            }
            expect(e.type() == ValueType.VECTOR, e, "aggregation of type " + e.type());
            return depth + 1;
        }

        @Override
        public Integer visitBinary(BinaryExpr e) {
            int depth = Math.max(visit(e.lhs()), visit(e.rhs()));
            expect(scalarOrVector(e.lhs()) && scalarOrVector(e.rhs()), e, "binary operand not scalar or vector");
            boolean bothScalar = e.lhs().type() == ValueType.SCALAR && e.rhs().type() == ValueType.SCALAR;
            boolean bothVector = e.lhs().type() == ValueType.VECTOR && e.rhs().type() == ValueType.VECTOR;
            expect(e.type() == (bothScalar ? ValueType.SCALAR : ValueType.VECTOR), e, "binary expression of type " + e.type());
            expect(!e.returnBool() || e.op().isComparison(), e, "bool on a non-comparison");
            expect(!bothScalar || !e.op().isComparison() || e.returnBool(), e, "scalar comparison without bool");
            expect(bothVector || !e.op().isSetOperator(), e, "set operator with a scalar side");
            expect(bothVector == (e.matching() != null), e, "vector matching present iff both sides are vectors");
            if (e.matching() != null && e.op().isSetOperator()) {
                expect(e.matching().cardinality() == Cardinality.MANY_TO_MANY, e, "set operator not many-to-many");
            }
            return depth + 1;
        }

        @Override
        public Integer visitCall(Call e) {
            Function f = e.function();
            int count = e.args().size();
            expect(count >= f.minArgs() && count <= f.maxArgs(), e, count + " arguments to " + f.name());
            int depth = 0;
            for (int i = 0; i < count; i++) {
                Expr arg = e.args().get(i);
                depth = Math.max(depth, visit(arg));
                expect(arg.type() == f.argType(i), e, "argument " + i + " of " + f.name() + " has type " + arg.type());
            }
            expect(e.type() == f.returnType(), e, f.name() + " of type " + e.type());
            return depth + 1;
        }

        @Override
        public Integer visitMatrixSelector(MatrixSelector e) {
            visit(e.selector());
            expect(e.rangeMillis() > 0, e, "range " + e.rangeMillis());
            expect(e.type() == ValueType.MATRIX, e, "matrix selector of type " + e.type());
            return 1;
        }

        @Override
        public Integer visitNumber(NumberLiteral e) {
            expect(e.type() == ValueType.SCALAR, e, "number of type " + e.type());
            return 1;
        }

        @Override
        public Integer visitParen(ParenExpr e) {
            int depth = visit(e.expr());
            expect(e.type() == e.expr().type(), e, "parentheses change the type");
            return depth + 1;
        }

        @Override
        public Integer visitString(StringLiteral e) {
            expect(e.type() == ValueType.STRING, e, "string of type " + e.type());
            return 1;
        }

        @Override
        public Integer visitSubquery(SubqueryExpr e) {
            int depth = visit(e.expr());
            expect(e.expr().type() == ValueType.VECTOR, e, "subquery over " + e.expr().type());
            expect(e.rangeMillis() > 0 && e.stepMillis() >= 0, e, "subquery range or step out of range");
            expect(e.type() == ValueType.MATRIX, e, "subquery of type " + e.type());
            return depth + 1;
        }

        @Override
        public Integer visitUnary(UnaryExpr e) {
            int depth = visit(e.expr());
            expect(scalarOrVector(e.expr()), e, "unary operand of type " + e.expr().type());
            expect(e.type() == e.expr().type(), e, "unary operator changes the type");
            return depth + 1;
        }

        @Override
        public Integer visitVectorSelector(VectorSelector e) {
            expect(e.type() == ValueType.VECTOR, e, "vector selector of type " + e.type());
            if (e.name() != null) {
                expect(e.matchers().contains(LabelMatcher.of(MatchType.EQUAL, Labels.METRIC_NAME, e.name())), e,
                        "named selector without its name matcher");
            } else {
                expect(e.matchers().stream().anyMatch(m -> !m.matchesEmpty()), e, "selector matching the empty label set");
            }
            return 1;
        }
    }

    private static AssertionError fail(String input, String problem) {
        return new AssertionError("input " + show(input) + ": " + problem);
    }

    private static AssertionError fail(String input, String problem, Throwable cause) {
        return new AssertionError("input " + show(input) + ": " + problem, cause);
    }

    /** The text as a Go-quoted string, shortened if long, so control characters stay visible. */
    static String show(String text) {
        if (text == null) {
            return "null";
        }
        if (text.length() > 300) {
            return Quoting.quote(text.substring(0, 300)) + "... (" + text.length() + " chars)";
        }
        return Quoting.quote(text);
    }
}
