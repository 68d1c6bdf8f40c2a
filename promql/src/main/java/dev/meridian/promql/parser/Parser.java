package dev.meridian.promql.parser;

import dev.meridian.promql.ast.AggregateExpr;
import dev.meridian.promql.ast.AggregationOp;
import dev.meridian.promql.ast.At;
import dev.meridian.promql.ast.BinaryExpr;
import dev.meridian.promql.ast.BinaryOp;
import dev.meridian.promql.ast.Call;
import dev.meridian.promql.ast.Cardinality;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.Function;
import dev.meridian.promql.ast.Functions;
import dev.meridian.promql.ast.MatrixSelector;
import dev.meridian.promql.ast.NumberLiteral;
import dev.meridian.promql.ast.ParenExpr;
import dev.meridian.promql.ast.PositionRange;
import dev.meridian.promql.ast.StringLiteral;
import dev.meridian.promql.ast.SubqueryExpr;
import dev.meridian.promql.ast.UnaryExpr;
import dev.meridian.promql.ast.UnaryOp;
import dev.meridian.promql.ast.VectorMatching;
import dev.meridian.promql.ast.VectorSelector;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.labels.MatchType;
import dev.meridian.promql.syntax.Durations;
import dev.meridian.promql.syntax.Numbers;
import dev.meridian.promql.syntax.Quoting;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses PromQL (Prometheus 2.42 grammar) into an {@link Expr}.
 *
 * <p>Binary operators are parsed by precedence climbing with Prometheus' table, lowest first:
 * {@code or}; {@code and unless}; comparisons; {@code + -}; {@code * / % atan2}; {@code ^} (the only
 * right-associative one). A leading {@code +}/{@code -} binds like {@code *}, so {@code -a^b} is
 * {@code -(a^b)} and {@code -a*b} is {@code (-a)*b}; applied to a number literal it folds into the
 * literal. {@code offset}, {@code @} and {@code [...]} bind tightest, to the nearest operand.
 *
 * <p>Syntax is checked while parsing; types are checked afterwards by {@link TypeChecker}, as
 * Prometheus does, so a query with both kinds of error reports the syntax error.
 */
public final class Parser {
    /**
     * Deepest expression tree accepted: nested calls, aggregations and parentheses, and operands
     * of long operator chains. Every stage walks the tree recursively, up to six stack frames per
     * level while parsing; 256 levels stay well inside a 512 KB thread stack and far above what
     * real queries need.
     */
    public static final int MAX_DEPTH = 256;

    /** Unary operators parse their operand at this precedence: only {@code ^} binds tighter. */
    private static final int UNARY_OPERAND_PRECEDENCE = BinaryOp.POW.precedence();

    private static final Pattern DECIMAL = Pattern.compile("[0-9]*\\.?[0-9]*(?:[eE][+-]?[0-9]+)?");

    private final String input;
    private final Lexer lexer;
    private final List<Token> lookahead = new ArrayList<>();
    private final Map<Expr, Integer> depthOf = new IdentityHashMap<>();
    private int nesting;
    private int lastEnd;

    private Parser(String input) {
        this.input = input;
        this.lexer = new Lexer(input);
    }

    /**
     * Parses and type-checks a PromQL expression.
     *
     * @throws ParseException with the position and a Prometheus-style message
     */
    public static Expr parse(String query) {
        Parser parser = new Parser(query);
        if (parser.peek().type() == TokenType.EOF) {
            throw new ParseException(query, PositionRange.NONE, "no expression found in input");
        }
        Expr expr = parser.parseExpr(0);
        Token trailing = parser.peek();
        if (trailing.type() != TokenType.EOF) {
            throw parser.unexpected(trailing, null, null);
        }
        return new TypeChecker(query).check(expr);
    }

    /**
     * Parses a series selector such as {@code up{job="api"}}, as used by the {@code match[]}
     * parameter of the HTTP API.
     *
     * @throws ParseException if the text is not exactly one vector selector
     */
    public static VectorSelector parseSelector(String text) {
        VectorSelector selector = parseSelectorSyntax(text, true);
        new TypeChecker(text).check(selector);
        return selector;
    }

    /**
     * Parses a series selector as Prometheus 2.42's {@code parser.ParseMetricSelector} does for
     * the HTTP API's {@code match[]}: syntax only, with its messages ({@code unexpected "("});
     * unlike {@link #parseSelector}, a selector without a non-empty matcher, or naming the metric
     * twice, is accepted (the API checks the former itself, with its own message).
     *
     * @throws ParseException if the text is not exactly one vector selector
     */
    public static List<LabelMatcher> parseMetricSelector(String text) {
        return parseSelectorSyntax(text, false).matchers();
    }

    private static VectorSelector parseSelectorSyntax(String text, boolean withContext) {
        Parser parser = new Parser(text);
        Token first = parser.next();
        VectorSelector selector;
        if (first.type() == TokenType.LEFT_BRACE) {
            selector = parser.parseVectorSelector(null, first);
        } else if (isMetricNameToken(first.type())) {
            selector = parser.parseVectorSelector(first, first);
        } else {
            throw withContext ? parser.unexpected(first, "series selector", "metric name or \"{\"")
                    : parser.unexpected(first, null, null);
        }
        Token trailing = parser.peek();
        if (trailing.type() != TokenType.EOF) {
            throw parser.unexpected(trailing, withContext ? "series selector" : null, null);
        }
        return selector;
    }

    // ---- Token access -------------------------------------------------------------------------

    private Token peek() {
        return peek(0);
    }

    private Token peek(int k) {
        while (lookahead.size() <= k) {
            Token token = lexer.next();
            if (token.type() == TokenType.ERROR) {
                throw new ParseException(input, token.range(), token.text());
            }
            lookahead.add(token);
        }
        return lookahead.get(k);
    }

    private Token next() {
        Token token = peek();
        lookahead.remove(0);
        if (token.type() != TokenType.EOF) {
            lastEnd = token.end();
        }
        return token;
    }

    private Token expect(TokenType type, String context, String expected) {
        Token token = peek();
        if (token.type() != type) {
            throw unexpected(token, context, expected);
        }
        return next();
    }

    private ParseException unexpected(Token token, String context, String expected) {
        StringBuilder message = new StringBuilder("unexpected ").append(token.describe());
        if (context != null) {
            message.append(" in ").append(context);
        }
        if (expected != null) {
            message.append(", expected ").append(expected);
        }
        return new ParseException(input, token.range(), message.toString());
    }

    private ParseException error(PositionRange position, String message) {
        return new ParseException(input, position, message);
    }

    // ---- Expressions --------------------------------------------------------------------------

    private Expr parseExpr(int minPrecedence) {
        if (++nesting > MAX_DEPTH) {
            throw error(peek().range(), "expression nesting exceeds " + MAX_DEPTH + " levels");
        }
        Expr expr = parseBinary(minPrecedence);
        nesting--;
        return expr;
    }

    /**
     * Records the depth of a new node from its children's and rejects trees deeper than
     * {@link #MAX_DEPTH} (long operator chains nest without recursion in the parser).
     */
    private <T extends Expr> T track(T node, Expr... children) {
        int depth = 1;
        for (Expr child : children) {
            if (child != null) {
                depth = Math.max(depth, depthOf.getOrDefault(child, 1) + 1);
            }
        }
        if (depth > MAX_DEPTH) {
            throw error(node.position(), "expression nesting exceeds " + MAX_DEPTH + " levels");
        }
        depthOf.put(node, depth);
        return node;
    }

    /** A modifier rebuilt {@code old} as {@code replacement}: same depth. */
    private <T extends Expr> T replaced(Expr old, T replacement) {
        depthOf.put(replacement, depthOf.getOrDefault(old, 1));
        return replacement;
    }

    private Expr parseBinary(int minPrecedence) {
        Expr lhs = parseUnary();
        while (true) {
            BinaryOp op = binaryOp(peek().type());
            if (op == null || op.precedence() < minPrecedence) {
                return lhs;
            }
            next();
            boolean returnBool = false;
            if (peek().type() == TokenType.BOOL) {
                next();
                returnBool = true;
            }
            VectorMatching matching = parseVectorMatching();
            int nextMin = op.isRightAssociative() ? op.precedence() : op.precedence() + 1;
            Expr rhs = parseExpr(nextMin);
            lhs = track(new BinaryExpr(op, lhs, rhs, matching, returnBool, lhs.position().union(rhs.position())), lhs, rhs);
        }
    }

    private VectorMatching parseVectorMatching() {
        TokenType type = peek().type();
        if (type != TokenType.ON && type != TokenType.IGNORING) {
            return VectorMatching.oneToOne();
        }
        next();
        List<String> labels = parseGroupingLabels();
        Cardinality cardinality = Cardinality.ONE_TO_ONE;
        List<String> include = List.of();
        TokenType group = peek().type();
        if (group == TokenType.GROUP_LEFT || group == TokenType.GROUP_RIGHT) {
            next();
            cardinality = group == TokenType.GROUP_LEFT ? Cardinality.MANY_TO_ONE : Cardinality.ONE_TO_MANY;
            if (peek().type() == TokenType.LEFT_PAREN) {
                include = parseGroupingLabels();
            }
        }
        return new VectorMatching(cardinality, labels, type == TokenType.ON, include);
    }

    private Expr parseUnary() {
        Token token = peek();
        if (token.type() != TokenType.ADD && token.type() != TokenType.SUB) {
            return parsePostfix(parsePrimary());
        }
        next();
        Expr operand = parseExpr(UNARY_OPERAND_PRECEDENCE);
        PositionRange position = new PositionRange(token.pos(), operand.position().end());
        if (operand instanceof NumberLiteral number) {
            double value = token.type() == TokenType.SUB ? -number.value() : number.value();
            return new NumberLiteral(value, position);
        }
        UnaryOp op = token.type() == TokenType.SUB ? UnaryOp.MINUS : UnaryOp.PLUS;
        return track(new UnaryExpr(op, operand, position), operand);
    }

    /** Applies {@code offset}, {@code @}, range and subquery brackets to the operand before them. */
    private Expr parsePostfix(Expr expr) {
        Expr e = expr;
        while (true) {
            switch (peek().type()) {
                case OFFSET -> e = replaced(e, parseOffset(e));
                case AT -> e = replaced(e, parseAt(e));
                case LEFT_BRACKET -> e = parseRangeOrSubquery(e);
                default -> {
                    return e;
                }
            }
        }
    }

    private Expr parseOffset(Expr e) {
        next();
        boolean negative = false;
        if (peek().type() == TokenType.SUB) {
            next();
            negative = true;
        }
        Token durationToken = expect(TokenType.DURATION, "offset", "duration");
        long offset = parseDuration(durationToken);
        if (negative) {
            offset = -offset;
        }
        PositionRange position = new PositionRange(e.position().start(), lastEnd);
        if (e instanceof VectorSelector vs) {
            checkOffsetUnset(vs.offsetMillis(), e);
            return vs.withOffset(offset, position);
        }
        if (e instanceof MatrixSelector ms) {
            checkOffsetUnset(ms.selector().offsetMillis(), e);
            return new MatrixSelector(ms.selector().withOffset(offset, ms.selector().position()), ms.rangeMillis(), position);
        }
        if (e instanceof SubqueryExpr sq) {
            checkOffsetUnset(sq.offsetMillis(), e);
            return sq.withOffset(offset, position);
        }
        throw error(e.position(),
                "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    }

    private void checkOffsetUnset(long existing, Expr e) {
        if (existing != 0) {
            throw error(e.position(), "offset may not be set multiple times");
        }
    }

    private Expr parseAt(Expr e) {
        next();
        At at = parseAtValue();
        PositionRange position = new PositionRange(e.position().start(), lastEnd);
        if (e instanceof VectorSelector vs) {
            checkAtUnset(vs.at(), e);
            return vs.withAt(at, position);
        }
        if (e instanceof MatrixSelector ms) {
            checkAtUnset(ms.selector().at(), e);
            return new MatrixSelector(ms.selector().withAt(at, ms.selector().position()), ms.rangeMillis(), position);
        }
        if (e instanceof SubqueryExpr sq) {
            checkAtUnset(sq.at(), e);
            return sq.withAt(at, position);
        }
        throw error(e.position(),
                "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    }

    private At parseAtValue() {
        Token token = peek();
        if (token.type() == TokenType.IDENTIFIER) {
            String word = token.text().toLowerCase(Locale.ROOT);
            if (word.equals("start") || word.equals("end")) {
                next();
                expect(TokenType.LEFT_PAREN, "@", "\"(\"");
                expect(TokenType.RIGHT_PAREN, "@", "\")\"");
                return word.equals("start") ? At.START : At.END;
            }
        }
        int start = token.pos();
        double sign = 1;
        if (token.type() == TokenType.ADD || token.type() == TokenType.SUB) {
            sign = token.type() == TokenType.SUB ? -1 : 1;
            next();
        }
        Token number = expect(TokenType.NUMBER, "@", "timestamp");
        double seconds = sign * parseNumber(number);
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)
                || seconds >= Long.MAX_VALUE / 1000.0 || seconds <= Long.MIN_VALUE / 1000.0) {
            throw error(new PositionRange(start, number.end()),
                    "timestamp out of bounds for @ modifier: " + String.format(Locale.ROOT, "%f", seconds));
        }
        return At.timestamp(millis(number.text(), sign, seconds));
    }

    /**
     * Seconds to milliseconds, rounded half away from zero as Prometheus does. Decimal literals
     * are converted exactly, so that a printed {@code @} time reads back to the same millisecond
     * even where a double cannot hold it.
     */
    private static long millis(String text, double sign, double seconds) {
        if (DECIMAL.matcher(text).matches()) {
            BigDecimal exact = new BigDecimal(text).movePointRight(3).setScale(0, RoundingMode.HALF_UP);
            return sign < 0 ? -exact.longValueExact() : exact.longValueExact();
        }
        return Math.round(seconds * 1000);
    }

    private void checkAtUnset(At existing, Expr e) {
        if (existing != null) {
            throw error(e.position(), "@ <timestamp> may not be set multiple times");
        }
    }

    private Expr parseRangeOrSubquery(Expr e) {
        Token open = next();
        Token rangeToken = peek();
        if (rangeToken.type() != TokenType.DURATION) {
            throw unexpected(rangeToken, "subquery selector", "duration");
        }
        next();
        long range = parseDuration(rangeToken);
        Token after = peek();
        if (after.type() == TokenType.RIGHT_BRACKET) {
            Token close = next();
            PositionRange brackets = new PositionRange(open.pos(), close.end());
            if (!(e instanceof VectorSelector vs)) {
                throw error(brackets, "ranges only allowed for vector selectors");
            }
            if (vs.offsetMillis() != 0) {
                throw error(brackets, "no offset modifiers allowed before range");
            }
            if (vs.at() != null) {
                throw error(brackets, "no @ modifiers allowed before range");
            }
            return new MatrixSelector(vs, range, new PositionRange(e.position().start(), close.end()));
        }
        if (after.type() != TokenType.COLON) {
            throw unexpected(after, "subquery or range", "\":\" or \"]\"");
        }
        next();
        long step = 0;
        Token stepToken = peek();
        if (stepToken.type() == TokenType.DURATION) {
            next();
            step = parseDuration(stepToken);
        } else if (stepToken.type() != TokenType.RIGHT_BRACKET) {
            throw unexpected(stepToken, "subquery selector", "duration or \"]\"");
        }
        Token close = expect(TokenType.RIGHT_BRACKET, "subquery selector", "\"]\"");
        return track(new SubqueryExpr(e, range, step, 0, null, new PositionRange(e.position().start(), close.end())), e);
    }

    private Expr parsePrimary() {
        Token token = peek();
        switch (token.type()) {
            case NUMBER -> {
                next();
                return new NumberLiteral(parseNumber(token), token.range());
            }
            case STRING -> {
                next();
                return new StringLiteral(unquote(token), token.range());
            }
            case LEFT_PAREN -> {
                next();
                Expr inner = parseExpr(0);
                Token close = expect(TokenType.RIGHT_PAREN, "paren expression", "\")\"");
                return track(new ParenExpr(inner, new PositionRange(token.pos(), close.end())), inner);
            }
            case LEFT_BRACE -> {
                next();
                return parseVectorSelector(null, token);
            }
            case IDENTIFIER -> {
                next();
                if (peek().type() == TokenType.LEFT_PAREN) {
                    return parseCall(token);
                }
                return parseVectorSelector(token, token);
            }
            default -> {
                if (token.type().isAggregator()) {
                    TokenType following = peek(1).type();
                    if (following == TokenType.LEFT_PAREN || following == TokenType.BY || following == TokenType.WITHOUT) {
                        next();
                        return parseAggregate(token);
                    }
                }
                if (isMetricNameToken(token.type())) {
                    next();
                    return parseVectorSelector(token, token);
                }
                throw unexpected(token, null, null);
            }
        }
    }

    /**
     * Tokens that may name a metric: identifiers, and the keywords Prometheus' grammar accepts in
     * that place (aggregators, {@code and}/{@code or}/{@code unless}, {@code by}, {@code without},
     * {@code offset}).
     */
    private static boolean isMetricNameToken(TokenType type) {
        return switch (type) {
            case IDENTIFIER, METRIC_IDENTIFIER, LAND, LOR, LUNLESS, BY, WITHOUT, OFFSET -> true;
            default -> type.isAggregator();
        };
    }

    private Expr parseCall(Token name) {
        List<Expr> args = parseCallArgs("function call");
        PositionRange position = new PositionRange(name.pos(), lastEnd);
        Function function = Functions.get(name.text())
                .orElseThrow(() -> error(name.range(), "unknown function with name " + Quoting.quote(name.text())));
        return track(new Call(function, args, position), args.toArray(new Expr[0]));
    }

    private List<Expr> parseCallArgs(String context) {
        expect(TokenType.LEFT_PAREN, context, "\"(\"");
        List<Expr> args = new ArrayList<>();
        if (peek().type() == TokenType.RIGHT_PAREN) {
            next();
            return args;
        }
        while (true) {
            args.add(parseExpr(0));
            Token token = peek();
            if (token.type() == TokenType.RIGHT_PAREN) {
                next();
                return args;
            }
            if (token.type() != TokenType.COMMA) {
                throw unexpected(token, context, "\",\" or \")\"");
            }
            next();
            if (peek().type() == TokenType.RIGHT_PAREN) {
                throw error(token.range(), "trailing commas not allowed in function call args");
            }
        }
    }

    private Expr parseAggregate(Token opToken) {
        AggregationOp op = AggregationOp.valueOf(opToken.type().name());
        List<String> grouping = List.of();
        boolean without = false;
        boolean modifierSeen = false;
        if (peek().type() == TokenType.BY || peek().type() == TokenType.WITHOUT) {
            without = next().type() == TokenType.WITHOUT;
            grouping = parseGroupingLabels();
            modifierSeen = true;
        }
        if (peek().type() != TokenType.LEFT_PAREN) {
            throw unexpected(peek(), "aggregation", null);
        }
        List<Expr> args = parseCallArgs("aggregation");
        if (!modifierSeen && (peek().type() == TokenType.BY || peek().type() == TokenType.WITHOUT)) {
            without = next().type() == TokenType.WITHOUT;
            grouping = parseGroupingLabels();
        }
        PositionRange position = new PositionRange(opToken.pos(), lastEnd);
        if (args.isEmpty()) {
            throw error(position, "no arguments for aggregate expression provided");
        }
        int wanted = op.hasParam() ? 2 : 1;
        if (args.size() != wanted) {
            throw error(position, "wrong number of arguments for aggregate expression provided, expected "
                    + wanted + ", got " + args.size());
        }
        Expr param = op.hasParam() ? args.get(0) : null;
        return track(new AggregateExpr(op, args.get(wanted - 1), param, grouping, without, position), args.toArray(new Expr[0]));
    }

    /** Parses {@code (label, label, ...)} of {@code by}, {@code without}, {@code on}, {@code group_left}. */
    private List<String> parseGroupingLabels() {
        expect(TokenType.LEFT_PAREN, "grouping opts", "\"(\"");
        List<String> labels = new ArrayList<>();
        while (true) {
            Token token = peek();
            if (token.type() == TokenType.RIGHT_PAREN) {
                next();
                return labels;
            }
            if (!isLabelToken(token.type()) || !Labels.isValidName(token.text())) {
                throw unexpected(token, "grouping opts", "label");
            }
            next();
            labels.add(token.text());
            Token separator = peek();
            if (separator.type() == TokenType.COMMA) {
                next();
            } else if (separator.type() != TokenType.RIGHT_PAREN) {
                throw unexpected(separator, "grouping opts", "\",\" or \")\"");
            }
        }
    }

    /** Words that may stand as a label name in grouping clauses, keywords included. */
    private static boolean isLabelToken(TokenType type) {
        return switch (type.group()) {
            case AGGREGATOR, KEYWORD -> true;
            case OPERATOR -> type == TokenType.LAND || type == TokenType.LOR || type == TokenType.LUNLESS
                    || type == TokenType.ATAN2;
            case OTHER -> type == TokenType.IDENTIFIER || type == TokenType.METRIC_IDENTIFIER;
            case PUNCTUATION -> false;
        };
    }

    /** Parses the optional {@code {...}} after a metric name (or after a bare {@code {}). */
    private VectorSelector parseVectorSelector(Token nameToken, Token first) {
        List<LabelMatcher> matchers = new ArrayList<>();
        boolean braces = first.type() == TokenType.LEFT_BRACE;
        if (!braces && peek().type() == TokenType.LEFT_BRACE) {
            next();
            braces = true;
        }
        if (braces) {
            parseMatchers(matchers);
        }
        String name = null;
        if (nameToken != null) {
            name = nameToken.text();
            matchers.add(LabelMatcher.of(MatchType.EQUAL, Labels.METRIC_NAME, name));
        }
        return new VectorSelector(name, matchers, 0, null, new PositionRange(first.pos(), lastEnd));
    }

    /** Parses matchers up to and including the closing brace; the opening brace is consumed. */
    private void parseMatchers(List<LabelMatcher> matchers) {
        while (true) {
            Token token = peek();
            if (token.type() == TokenType.RIGHT_BRACE) {
                next();
                return;
            }
            if (token.type() != TokenType.IDENTIFIER) {
                throw unexpected(token, "label matching", "identifier or \"}\"");
            }
            next();
            Token opToken = peek();
            MatchType type = switch (opToken.type()) {
                case EQL -> MatchType.EQUAL;
                case NEQ -> MatchType.NOT_EQUAL;
                case EQL_REGEX -> MatchType.REGEX;
                case NEQ_REGEX -> MatchType.NOT_REGEX;
                default -> throw unexpected(opToken, "label matching", "label matching operator");
            };
            next();
            Token value = peek();
            if (value.type() != TokenType.STRING) {
                throw unexpected(value, "label matching", "string");
            }
            next();
            try {
                matchers.add(LabelMatcher.of(type, token.text(), unquote(value)));
            } catch (IllegalArgumentException e) {
                throw error(new PositionRange(token.pos(), value.end()), e.getMessage());
            }
            Token separator = peek();
            if (separator.type() == TokenType.COMMA) {
                next();
            } else if (separator.type() != TokenType.RIGHT_BRACE) {
                throw unexpected(separator, "label matching", "\",\" or \"}\"");
            }
        }
    }

    // ---- Literals -----------------------------------------------------------------------------

    private double parseNumber(Token token) {
        try {
            return Numbers.parseLiteral(token.text());
        } catch (NumberFormatException e) {
            throw error(token.range(), "error parsing number: " + e.getMessage());
        }
    }

    private long parseDuration(Token token) {
        long millis;
        try {
            millis = Durations.parseMillis(token.text());
        } catch (IllegalArgumentException e) {
            throw error(token.range(), e.getMessage());
        }
        if (millis == 0) {
            throw error(token.range(), "duration must be greater than 0");
        }
        return millis;
    }

    private String unquote(Token token) {
        try {
            return Quoting.unquote(token.text());
        } catch (IllegalArgumentException e) {
            throw error(token.range(), e.getMessage());
        }
    }

    private static BinaryOp binaryOp(TokenType type) {
        return switch (type) {
            case ADD -> BinaryOp.ADD;
            case SUB -> BinaryOp.SUB;
            case MUL -> BinaryOp.MUL;
            case DIV -> BinaryOp.DIV;
            case MOD -> BinaryOp.MOD;
            case POW -> BinaryOp.POW;
            case ATAN2 -> BinaryOp.ATAN2;
            case EQLC -> BinaryOp.EQL;
            case NEQ -> BinaryOp.NEQ;
            case GTR -> BinaryOp.GTR;
            case LSS -> BinaryOp.LSS;
            case GTE -> BinaryOp.GTE;
            case LTE -> BinaryOp.LTE;
            case LAND -> BinaryOp.AND;
            case LOR -> BinaryOp.OR;
            case LUNLESS -> BinaryOp.UNLESS;
            default -> null;
        };
    }
}
