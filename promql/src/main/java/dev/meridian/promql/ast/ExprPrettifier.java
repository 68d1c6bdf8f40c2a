package dev.meridian.promql.ast;

import dev.meridian.promql.syntax.Numbers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints an expression as Prometheus 2.42's prettifier does ({@code parser.Prettify},
 * {@code expr.Pretty(0)}), which {@code /api/v1/format_query} answers with.
 *
 * <p>The rule: a node whose one-line form is at most {@value #MAX_LINE} bytes long is printed on
 * one line; a longer one is split, its children printed one level deeper (two spaces per level):
 *
 * <pre>
 * histogram_quantile(
 *   0.9,
 *   sum by (le, job) (
 *     rate(http_request_duration_seconds_bucket{job="api-server-with-a-long-name"}[5m])
 *   )
 * )
 * </pre>
 *
 * A split binary expression puts its operator (with {@code bool} and its matching clause) on a
 * line of its own, between its operands one level deeper; a split subquery splits only its inner
 * expression; a unary operator stays glued to its operand.
 *
 * <p>The one-line form is 2.42's {@code String()}, which differs from {@link ExprPrinter} (our
 * canonical, round-tripping form) in two places, kept here because 2.42 prints them: number
 * literals use Go's {@code %v} ({@code 1e+06}, {@code +Inf}), and a {@code group_left}/{@code
 * group_right} without {@code on}/{@code ignoring} labels is dropped together with its empty
 * {@code ignoring ()} ({@code a * ignoring () group_left () b} prints as {@code a * b}).
 */
public final class ExprPrettifier {
    /** Longest one-line form, in UTF-8 bytes, that is not split (2.42's {@code maxCharactersPerLine}). */
    public static final int MAX_LINE = 100;

    private static final String INDENT = "  ";
    private static final OneLine ONE_LINE = new OneLine();

    private ExprPrettifier() {}

    /** The prettified form of {@code expr}, as 2.42's {@code expr.Pretty(0)}. */
    public static String pretty(Expr expr) {
        return pretty(expr, 0);
    }

    /** The one-line form of {@code expr}, as 2.42's {@code expr.String()}. */
    public static String oneLine(Expr expr) {
        return expr.accept(ONE_LINE);
    }

    private static String pretty(Expr expr, int level) {
        return expr.accept(new Pretty(level));
    }

    private static boolean needsSplit(String oneLine) {
        return oneLine.getBytes(StandardCharsets.UTF_8).length > MAX_LINE;
    }

    private static String indent(int level) {
        return INDENT.repeat(level);
    }

    /** {@code "sum by (job) "}: the operator and its grouping clause, as 2.42's {@code getAggOpStr}. */
    private static String aggregationHead(AggregateExpr e) {
        String head = e.op().keyword();
        if (e.without()) {
            return head + " without (" + String.join(", ", e.grouping()) + ") ";
        }
        if (!e.grouping().isEmpty()) {
            return head + " by (" + String.join(", ", e.grouping()) + ") ";
        }
        return head;
    }

    /** {@code " on (job) group_left (x)"}, or {@code ""}, as 2.42's {@code getMatchingStr}. */
    private static String matching(BinaryExpr e) {
        VectorMatching m = e.matching();
        if (m == null || (!m.on() && m.matchingLabels().isEmpty())) {
            return "";
        }
        String out = (m.on() ? " on (" : " ignoring (") + String.join(", ", m.matchingLabels()) + ")";
        if (m.cardinality() == Cardinality.MANY_TO_ONE) {
            out += " group_left (" + String.join(", ", m.include()) + ")";
        } else if (m.cardinality() == Cardinality.ONE_TO_MANY) {
            out += " group_right (" + String.join(", ", m.include()) + ")";
        }
        return out;
    }

    /** {@code "[1h:1m] @ 100.000 offset 5m"}: the part of a subquery after its inner expression. */
    private static String subquerySuffix(SubqueryExpr e) {
        String full = ExprPrinter.print(e);
        String inner = ExprPrinter.print(e.expr());
        return full.substring(inner.length());
    }

    private static final class OneLine implements ExprVisitor<String> {
        @Override
        public String visitAggregate(AggregateExpr e) {
            StringBuilder out = new StringBuilder(aggregationHead(e)).append('(');
            if (e.param() != null) {
                out.append(e.param().accept(this)).append(", ");
            }
            return out.append(e.expr().accept(this)).append(')').toString();
        }

        @Override
        public String visitBinary(BinaryExpr e) {
            return e.lhs().accept(this) + " " + e.op().symbol() + (e.returnBool() ? " bool" : "") + matching(e) + " "
                    + e.rhs().accept(this);
        }

        @Override
        public String visitCall(Call e) {
            List<String> args = new ArrayList<>(e.args().size());
            for (Expr arg : e.args()) {
                args.add(arg.accept(this));
            }
            return e.function().name() + "(" + String.join(", ", args) + ")";
        }

        @Override
        public String visitMatrixSelector(MatrixSelector e) {
            return ExprPrinter.print(e);
        }

        @Override
        public String visitNumber(NumberLiteral e) {
            return Numbers.formatGeneral(e.value());
        }

        @Override
        public String visitParen(ParenExpr e) {
            return "(" + e.expr().accept(this) + ")";
        }

        @Override
        public String visitString(StringLiteral e) {
            return ExprPrinter.print(e);
        }

        @Override
        public String visitSubquery(SubqueryExpr e) {
            return e.expr().accept(this) + subquerySuffix(e);
        }

        @Override
        public String visitUnary(UnaryExpr e) {
            return e.op().symbol() + e.expr().accept(this);
        }

        @Override
        public String visitVectorSelector(VectorSelector e) {
            return ExprPrinter.print(e);
        }
    }

    /** 2.42's {@code Pretty(level)}: each node indents itself by its level, if its parent broke the line. */
    private record Pretty(int level) implements ExprVisitor<String> {
        private String leaf(Expr e) {
            return indent(level) + oneLine(e);
        }

        @Override
        public String visitAggregate(AggregateExpr e) {
            String line = oneLine(e);
            if (!needsSplit(line)) {
                return indent(level) + line;
            }
            StringBuilder out = new StringBuilder(indent(level)).append(aggregationHead(e)).append("(\n");
            if (e.param() != null) {
                out.append(pretty(e.param(), level + 1)).append(",\n");
            }
            return out.append(pretty(e.expr(), level + 1)).append('\n').append(indent(level)).append(')').toString();
        }

        @Override
        public String visitBinary(BinaryExpr e) {
            String line = oneLine(e);
            if (!needsSplit(line)) {
                return indent(level) + line;
            }
            return pretty(e.lhs(), level + 1) + "\n" + indent(level) + e.op().symbol() + (e.returnBool() ? " bool" : "")
                    + matching(e) + "\n" + pretty(e.rhs(), level + 1);
        }

        @Override
        public String visitCall(Call e) {
            String line = oneLine(e);
            if (!needsSplit(line)) {
                return indent(level) + line;
            }
            List<String> args = new ArrayList<>(e.args().size());
            for (Expr arg : e.args()) {
                args.add(pretty(arg, level + 1));
            }
            return indent(level) + e.function().name() + "(\n" + String.join(",\n", args) + "\n" + indent(level) + ")";
        }

        @Override
        public String visitMatrixSelector(MatrixSelector e) {
            return leaf(e);
        }

        @Override
        public String visitNumber(NumberLiteral e) {
            return leaf(e);
        }

        @Override
        public String visitParen(ParenExpr e) {
            String line = oneLine(e);
            if (!needsSplit(line)) {
                return indent(level) + line;
            }
            return indent(level) + "(\n" + pretty(e.expr(), level + 1) + "\n" + indent(level) + ")";
        }

        @Override
        public String visitString(StringLiteral e) {
            return leaf(e);
        }

        @Override
        public String visitSubquery(SubqueryExpr e) {
            // As 2.42: an unsplit subquery does not indent itself.
            String line = oneLine(e);
            if (!needsSplit(line)) {
                return line;
            }
            return pretty(e.expr(), level) + subquerySuffix(e);
        }

        @Override
        public String visitUnary(UnaryExpr e) {
            return indent(level) + e.op().symbol() + pretty(e.expr(), level).strip();
        }

        @Override
        public String visitVectorSelector(VectorSelector e) {
            return leaf(e);
        }
    }
}
