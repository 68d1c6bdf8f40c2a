package dev.meridian.promql.ast;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.labels.MatchType;
import dev.meridian.promql.syntax.Durations;
import dev.meridian.promql.syntax.Numbers;
import dev.meridian.promql.syntax.Quoting;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints expressions in Prometheus' canonical single-line form, e.g.
 * {@code sum by (job) (rate(http_requests_total{code=~"5.."}[5m] offset 1h))}. The output parses
 * back to an equal tree: parentheses are kept where they were written, and modifiers are printed
 * in a fixed order ({@code @} before {@code offset}).
 */
public final class ExprPrinter implements ExprVisitor<String> {
    private static final ExprPrinter INSTANCE = new ExprPrinter();

    private ExprPrinter() {}

    public static String print(Expr expr) {
        return expr.accept(INSTANCE);
    }

    @Override
    public String visitAggregate(AggregateExpr e) {
        StringBuilder out = new StringBuilder(e.op().keyword());
        if (e.without()) {
            out.append(" without (").append(String.join(", ", e.grouping())).append(") ");
        } else if (!e.grouping().isEmpty()) {
            out.append(" by (").append(String.join(", ", e.grouping())).append(") ");
        }
        out.append('(');
        if (e.param() != null) {
            out.append(print(e.param())).append(", ");
        }
        return out.append(print(e.expr())).append(')').toString();
    }

    @Override
    public String visitBinary(BinaryExpr e) {
        StringBuilder out = new StringBuilder(print(e.lhs())).append(' ').append(e.op().symbol());
        if (e.returnBool()) {
            out.append(" bool");
        }
        VectorMatching m = e.matching();
        if (m != null) {
            boolean grouped = m.cardinality() == Cardinality.MANY_TO_ONE || m.cardinality() == Cardinality.ONE_TO_MANY;
            if (m.on() || !m.matchingLabels().isEmpty() || grouped) {
                out.append(m.on() ? " on (" : " ignoring (").append(String.join(", ", m.matchingLabels())).append(')');
            }
            if (grouped) {
                out.append(m.cardinality() == Cardinality.MANY_TO_ONE ? " group_left (" : " group_right (")
                        .append(String.join(", ", m.include()))
                        .append(')');
            }
        }
        return out.append(' ').append(print(e.rhs())).toString();
    }

    @Override
    public String visitCall(Call e) {
        List<String> args = new ArrayList<>(e.args().size());
        for (Expr arg : e.args()) {
            args.add(print(arg));
        }
        return e.function().name() + "(" + String.join(", ", args) + ")";
    }

    @Override
    public String visitMatrixSelector(MatrixSelector e) {
        VectorSelector s = e.selector();
        return selectorBody(s) + "[" + Durations.format(e.rangeMillis()) + "]" + modifiers(s.at(), s.offsetMillis());
    }

    @Override
    public String visitNumber(NumberLiteral e) {
        // "+Inf" would read back as unary plus on what follows: "+Inf ^ 2" is +(Inf ^ 2).
        return e.value() == Double.POSITIVE_INFINITY ? "Inf" : Numbers.format(e.value());
    }

    @Override
    public String visitParen(ParenExpr e) {
        return "(" + print(e.expr()) + ")";
    }

    @Override
    public String visitString(StringLiteral e) {
        return Quoting.quote(e.value());
    }

    @Override
    public String visitSubquery(SubqueryExpr e) {
        String step = e.stepMillis() == 0 ? "" : Durations.format(e.stepMillis());
        return print(e.expr()) + "[" + Durations.format(e.rangeMillis()) + ":" + step + "]"
                + modifiers(e.at(), e.offsetMillis());
    }

    @Override
    public String visitUnary(UnaryExpr e) {
        return e.op().symbol() + print(e.expr());
    }

    @Override
    public String visitVectorSelector(VectorSelector e) {
        return selectorBody(e) + modifiers(e.at(), e.offsetMillis());
    }

    private static String selectorBody(VectorSelector s) {
        List<String> matchers = new ArrayList<>();
        for (LabelMatcher m : s.matchers()) {
            boolean isNameMatcher = m.name().equals(Labels.METRIC_NAME)
                    && m.type() == MatchType.EQUAL
                    && m.value().equals(s.name());
            if (!isNameMatcher) {
                matchers.add(m.toString());
            }
        }
        String name = s.name() == null ? "" : s.name();
        if (matchers.isEmpty()) {
            return name;
        }
        matchers.sort(null);
        return name + "{" + String.join(",", matchers) + "}";
    }

    private static String modifiers(At at, long offsetMillis) {
        StringBuilder out = new StringBuilder();
        if (at != null) {
            switch (at.kind()) {
                case TIMESTAMP -> out.append(" @ ").append(BigDecimal.valueOf(at.timestampMillis(), 3).toPlainString());
                case START -> out.append(" @ start()");
                case END -> out.append(" @ end()");
            }
        }
        if (offsetMillis != 0) {
            out.append(" offset ").append(Durations.format(offsetMillis));
        }
        return out.toString();
    }
}
