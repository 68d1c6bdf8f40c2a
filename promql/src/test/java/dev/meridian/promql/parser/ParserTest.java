package dev.meridian.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.promql.ErrorCode;
import dev.meridian.promql.ast.AggregateExpr;
import dev.meridian.promql.ast.AggregationOp;
import dev.meridian.promql.ast.At;
import dev.meridian.promql.ast.BinaryExpr;
import dev.meridian.promql.ast.BinaryOp;
import dev.meridian.promql.ast.Call;
import dev.meridian.promql.ast.Cardinality;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.MatrixSelector;
import dev.meridian.promql.ast.NumberLiteral;
import dev.meridian.promql.ast.StringLiteral;
import dev.meridian.promql.ast.SubqueryExpr;
import dev.meridian.promql.ast.UnaryExpr;
import dev.meridian.promql.ast.ValueType;
import dev.meridian.promql.ast.VectorSelector;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.MatchType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ParserTest {
    @Test
    void numberLiterals() {
        assertThat(number("1")).isEqualTo(1);
        assertThat(number("0x1F")).isEqualTo(31);
        assertThat(number("017")).isEqualTo(15); // Go: leading zero means octal.
        assertThat(number("09")).isEqualTo(9);
        assertThat(number("1e3")).isEqualTo(1000);
        assertThat(number("12.34e-6")).isEqualTo(12.34e-6);
        assertThat(number(".5")).isEqualTo(0.5);
        assertThat(number("2.")).isEqualTo(2);
        assertThat(number("+Inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(number("-inF")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(number("nan")).isNaN();
        assertThat(number("- -1")).isEqualTo(1);
    }

    private static double number(String query) {
        return ((NumberLiteral) Parser.parse(query)).value();
    }

    @Test
    void stringEscapes() {
        assertThat(((StringLiteral) Parser.parse("\"a\\nb\\x41\\u00e9\\101\\\"\"")).value()).isEqualTo("a\nbAéA\"");
        assertThat(((StringLiteral) Parser.parse("'it\\'s'")).value()).isEqualTo("it's");
        assertThat(((StringLiteral) Parser.parse("`raw\\n`")).value()).isEqualTo("raw\\n");
    }

    @Test
    void selectorWithAllMatcherTypesAndModifiers() {
        VectorSelector vs = (VectorSelector) Parser.parse("foo{a=\"1\", b!=\"2\", c=~\"3.*\", d!~'4',} offset -5m @ 100.5");
        assertThat(vs.name()).isEqualTo("foo");
        assertThat(vs.matchers()).extracting(LabelMatcher::type)
                .containsExactly(MatchType.EQUAL, MatchType.NOT_EQUAL, MatchType.REGEX, MatchType.NOT_REGEX, MatchType.EQUAL);
        assertThat(vs.offsetMillis()).isEqualTo(-300_000);
        assertThat(vs.at()).isEqualTo(At.timestamp(100_500));
    }

    @Test
    void matrixAndSubquery() {
        MatrixSelector ms = (MatrixSelector) Parser.parse("foo[1h30m] @ start() offset 1m");
        assertThat(ms.rangeMillis()).isEqualTo(5_400_000);
        assertThat(ms.selector().at()).isEqualTo(At.START);
        assertThat(ms.selector().offsetMillis()).isEqualTo(60_000);

        SubqueryExpr sq = (SubqueryExpr) Parser.parse("rate(foo[5m])[30m:] offset 10m");
        assertThat(sq.rangeMillis()).isEqualTo(1_800_000);
        assertThat(sq.stepMillis()).isZero();
        assertThat(sq.offsetMillis()).isEqualTo(600_000);
        assertThat(sq.type()).isEqualTo(ValueType.MATRIX);
    }

    @Test
    void precedenceAndAssociativity() {
        assertThat(Parser.parse("1 + 2 * 3").toString()).isEqualTo("1 + 2 * 3");
        BinaryExpr sum = (BinaryExpr) Parser.parse("a + b * c");
        assertThat(sum.op()).isEqualTo(BinaryOp.ADD);
        assertThat(((BinaryExpr) sum.rhs()).op()).isEqualTo(BinaryOp.MUL);

        BinaryExpr pow = (BinaryExpr) Parser.parse("a ^ b ^ c");
        assertThat(pow.lhs()).isInstanceOf(VectorSelector.class);
        assertThat(((BinaryExpr) pow.rhs()).op()).isEqualTo(BinaryOp.POW);

        BinaryExpr sub = (BinaryExpr) Parser.parse("a - b - c");
        assertThat(((BinaryExpr) sub.lhs()).op()).isEqualTo(BinaryOp.SUB);

        // Unary minus binds like '*': looser than '^', tighter than '+'.
        UnaryExpr neg = (UnaryExpr) Parser.parse("-a ^ b");
        assertThat(((BinaryExpr) neg.expr()).op()).isEqualTo(BinaryOp.POW);
        assertThat(((BinaryExpr) Parser.parse("-a * b")).lhs()).isInstanceOf(UnaryExpr.class);
        assertThat(Parser.parse("-1 ^ 2")).isInstanceOf(UnaryExpr.class);

        BinaryExpr or = (BinaryExpr) Parser.parse("a or b and c unless d");
        assertThat(or.op()).isEqualTo(BinaryOp.OR);
        assertThat(((BinaryExpr) Parser.parse("a > b + c")).op()).isEqualTo(BinaryOp.GTR);
        assertThat(((BinaryExpr) Parser.parse("a atan2 b + c")).op()).isEqualTo(BinaryOp.ADD);
    }

    @Test
    void vectorMatching() {
        BinaryExpr e = (BinaryExpr) Parser.parse("a * on(x, y) group_left(z) b");
        assertThat(e.matching().cardinality()).isEqualTo(Cardinality.MANY_TO_ONE);
        assertThat(e.matching().on()).isTrue();
        assertThat(e.matching().matchingLabels()).containsExactly("x", "y");
        assertThat(e.matching().include()).containsExactly("z");

        BinaryExpr set = (BinaryExpr) Parser.parse("a and ignoring(x) b");
        assertThat(set.matching().cardinality()).isEqualTo(Cardinality.MANY_TO_MANY);

        BinaryExpr cmp = (BinaryExpr) Parser.parse("a > bool on() group_right b");
        assertThat(cmp.returnBool()).isTrue();
        assertThat(cmp.matching().cardinality()).isEqualTo(Cardinality.ONE_TO_MANY);

        assertThat(((BinaryExpr) Parser.parse("a + 1")).matching()).isNull();
    }

    @Test
    void aggregations() {
        AggregateExpr before = (AggregateExpr) Parser.parse("sum by (job, instance) (rate(x[5m]))");
        AggregateExpr after = (AggregateExpr) Parser.parse("sum(rate(x[5m])) by (job, instance)");
        assertThat(before.toString()).isEqualTo(after.toString());
        AggregateExpr topk = (AggregateExpr) Parser.parse("topk without (a) (3, x)");
        assertThat(topk.op()).isEqualTo(AggregationOp.TOPK);
        assertThat(topk.without()).isTrue();
        assertThat(topk.param()).isInstanceOf(NumberLiteral.class);
        assertThat(((AggregateExpr) Parser.parse("count_values(\"v\", x)")).param()).isInstanceOf(StringLiteral.class);
        // Keywords are case-insensitive and may be label names in grouping.
        assertThat(((AggregateExpr) Parser.parse("SUM BY (on, by, sum) (x)")).grouping()).containsExactly("on", "by", "sum");
    }

    @Test
    void keywordsAsMetricNames() {
        assertThat(((VectorSelector) Parser.parse("sum")).name()).isEqualTo("sum");
        assertThat(((VectorSelector) Parser.parse("by{a=\"b\"}")).name()).isEqualTo("by");
        assertThat(((VectorSelector) Parser.parse("rate:5m:sum")).name()).isEqualTo("rate:5m:sum");
        assertThat(((VectorSelector) Parser.parse("{on=\"x\"}")).matchers().get(0).name()).isEqualTo("on");
    }

    @Test
    void parsesSeriesSelectorsForMatchParameters() {
        VectorSelector vs = Parser.parseSelector("up{job=~\"api.*\"}");
        assertThat(vs.name()).isEqualTo("up");
        assertThat(vs.matchers()).hasSize(2);
        assertThat(Parser.parseSelector("{__name__=\"x\"}").matchers()).hasSize(1);
        assertThatThrownBy(() -> Parser.parseSelector("rate(x[5m])")).isInstanceOf(ParseException.class)
                .hasMessageContaining("in series selector");
        assertThatThrownBy(() -> Parser.parseSelector("x offset 5m")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> Parser.parseSelector("{}")).isInstanceOf(ParseException.class)
                .hasMessageContaining("at least one non-empty matcher");
    }

    @Test
    void functionsCheckArity() {
        assertThat(((Call) Parser.parse("label_join(x, \"d\", \",\", \"a\", \"b\", \"c\")")).args()).hasSize(6);
        assertThat(((Call) Parser.parse("hour()")).args()).isEmpty();
        assertThat(((Call) Parser.parse("round(x, 5)")).args()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m] offset 1h))",
        "a * on (x) group_left (y) b",
        "a > bool ignoring (x) b",
        "topk(3, x)",
        "foo @ 100.000 offset -5m",
        "foo[5m] @ end()",
        "rate(foo[5m])[30m:1m] @ start() offset 5m",
        "-(a + b)",
        "count_values without (x) (\"v\", x)",
        "{__name__=~\"a|b\"}",
        "1 - -1",
        "2 ^ 3 ^ 4",
        "x and on () y",
        "-(Inf ^ -1)",
        "--Inf ^ -1 - -foo",
    })
    void printsWhatItParses(String query) {
        Expr expr = Parser.parse(query);
        assertThat(expr.toString()).isEqualTo(query);
        assertThat(Parser.parse(expr.toString())).isEqualTo(expr);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "foo +                     | 1:6: parse error: unexpected end of input",
        "sum(foo                   | 1:8: parse error: unclosed left parenthesis",
        "foo{a=\"b\"               | 1:10: parse error: unexpected end of input inside braces",
        "foo[5]                    | 1:5: parse error: missing unit character in duration",
        "foo[0s]                   | 1:5: parse error: duration must be greater than 0",
        "rate(foo)                 | 1:6: parse error: expected type range vector in call to function \"rate\", got instant vector",
        "nosuchfn(foo)             | 1:1: parse error: unknown function with name \"nosuchfn\"",
        "1 > 2                     | 1:3: parse error: comparisons between scalars must use BOOL modifier",
        "foo + bool bar            | 1:5: parse error: bool modifier can only be used on comparison operators",
        "foo and 1                 | 1:1: parse error: set operator \"and\" not allowed in binary scalar expression",
        "{}                        | 1:1: parse error: vector selector must contain at least one non-empty matcher",
        "foo{__name__=\"bar\"}     | 1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\"",
        "foo offset 5m offset 1m   | 1:1: parse error: offset may not be set multiple times",
        "sum(foo) offset 5m        | 1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery",
        "foo offset 5m [5m]        | 1:15: parse error: no offset modifiers allowed before range",
        "(foo)[5m]                 | 1:6: parse error: ranges only allowed for vector selectors",
        "foo[5m][10m:1m]           | 1:1: parse error: subquery is only allowed on instant vector, got matrix instead",
        "-foo[5m]                  | 1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"range vector\"",
        "topk(foo)                 | 1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1",
        "a * on(x) group_left(x) b | 1:3: parse error: label \"x\" must not occur in ON and GROUP clause at once",
        "a and on(x) group_left b  | 1:1: parse error: no grouping allowed for \"and\" operation",
        "foo{a=~\"(\"}             | 1:5: parse error: invalid regular expression \"(\": missing closing )",
        "rate(foo[5m],)            | 1:13: parse error: trailing commas not allowed in function call args",
        "foo $                     | 1:5: parse error: unexpected character: '$'",
        "\"unterminated            | 1:1: parse error: unterminated quoted string",
        "foo bar                   | 1:5: parse error: unexpected identifier \"bar\"",
        "sum by (foo:bar) (x)      | 1:9: parse error: unexpected metric identifier \"foo:bar\" in grouping opts, expected label",
    })
    void reportsErrorsLikePrometheus(String query, String message) {
        assertThatThrownBy(() -> Parser.parse(query.strip()))
                .isInstanceOfSatisfying(ParseException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PARSE_ERROR);
                    assertThat(e.getMessage()).startsWith(message.strip());
                });
    }

    @Test
    void rejectsPathologicalNestingWithAParseError() {
        String parens = "(".repeat(100_000) + "1" + ")".repeat(100_000);
        String chain = "1" + " + 1".repeat(100_000);
        String unary = "-".repeat(100_000) + "1";
        String subqueries = "x" + "[1m:1m] offset 1m".repeat(5_000);
        for (String query : new String[] {parens, chain, unary, subqueries}) {
            assertThatThrownBy(() -> Parser.parse(query))
                    .isInstanceOf(ParseException.class)
                    .hasMessageContaining("expression nesting exceeds " + Parser.MAX_DEPTH + " levels");
        }
        assertThat(Parser.parse("(".repeat(200) + "1" + ")".repeat(200))).isNotNull();
    }

    @Test
    void errorPositionCountsLines() {
        assertThatThrownBy(() -> Parser.parse("sum(\n  foo +\n)"))
                .isInstanceOfSatisfying(ParseException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.column()).isEqualTo(1);
                    assertThat(e.getMessage()).isEqualTo("3:1: parse error: unexpected \")\"");
                });
    }
    @Test
    void parsesMetricSelectorsAsTheHttpApiDoes() {
        // 2.42's parser.ParseMetricSelector: syntax only, and its bare "unexpected" messages.
        assertThat(Parser.parseMetricSelector("{job=~\".*\"}")).hasSize(1);
        assertThat(Parser.parseMetricSelector("up{job=\"a\"}")).hasSize(2);
        assertThatThrownBy(() -> Parser.parseMetricSelector("sum(up)")).hasMessage("1:4: parse error: unexpected \"(\"");
        assertThatThrownBy(() -> Parser.parseMetricSelector("")).hasMessage("1:1: parse error: unexpected end of input");
        assertThatThrownBy(() -> Parser.parseMetricSelector("up offset 5m")).hasMessage("1:4: parse error: unexpected <offset>");
    }
}
