package dev.meridian.promql.parser;

import dev.meridian.promql.ast.AggregateExpr;
import dev.meridian.promql.ast.AggregationOp;
import dev.meridian.promql.ast.BinaryExpr;
import dev.meridian.promql.ast.BinaryOp;
import dev.meridian.promql.ast.Call;
import dev.meridian.promql.ast.Cardinality;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.ExprVisitor;
import dev.meridian.promql.ast.Function;
import dev.meridian.promql.ast.MatrixSelector;
import dev.meridian.promql.ast.NumberLiteral;
import dev.meridian.promql.ast.ParenExpr;
import dev.meridian.promql.ast.PositionRange;
import dev.meridian.promql.ast.StringLiteral;
import dev.meridian.promql.ast.SubqueryExpr;
import dev.meridian.promql.ast.UnaryExpr;
import dev.meridian.promql.ast.ValueType;
import dev.meridian.promql.ast.VectorMatching;
import dev.meridian.promql.ast.VectorSelector;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.syntax.Quoting;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks operand types after parsing, in the order Prometheus' {@code checkAST} does, and
 * normalizes binary expressions: set operators get many-to-many matching, and operations with a
 * scalar side carry no vector matching. Returns the normalized tree or throws the first error.
 */
final class TypeChecker implements ExprVisitor<Expr> {
    private final String input;

    TypeChecker(String input) {
        this.input = input;
    }

    Expr check(Expr expr) {
        return expr.accept(this);
    }

    private Expr expectType(Expr expr, ValueType want, String context) {
        Expr checked = check(expr);
        if (checked.type() != want) {
            throw error(checked.position(), "expected type " + want.documentedName() + " in " + context
                    + ", got " + checked.type().documentedName());
        }
        return checked;
    }

    @Override
    public Expr visitAggregate(AggregateExpr e) {
        Expr inner = expectType(e.expr(), ValueType.VECTOR, "aggregation expression");
        Expr param = e.param();
        if (e.op() == AggregationOp.COUNT_VALUES) {
            param = expectType(param, ValueType.STRING, "aggregation parameter");
        } else if (e.op().hasParam()) {
            param = expectType(param, ValueType.SCALAR, "aggregation parameter");
        }
        return new AggregateExpr(e.op(), inner, param, e.grouping(), e.without(), e.position());
    }

    @Override
    public Expr visitBinary(BinaryExpr e) {
        Expr lhs = check(e.lhs());
        Expr rhs = check(e.rhs());
        ValueType lt = lhs.type();
        ValueType rt = rhs.type();
        BinaryOp op = e.op();
        VectorMatching matching = e.matching();
        if (e.returnBool() && !op.isComparison()) {
            throw error(operatorRange(lhs, rhs), "bool modifier can only be used on comparison operators");
        }
        if (op.isComparison() && !e.returnBool() && lt == ValueType.SCALAR && rt == ValueType.SCALAR) {
            throw error(operatorRange(lhs, rhs), "comparisons between scalars must use BOOL modifier");
        }
        if (op.isSetOperator() && matching.cardinality() == Cardinality.ONE_TO_ONE) {
            matching = matching.withCardinality(Cardinality.MANY_TO_MANY);
        }
        if (matching.on()) {
            for (String label : matching.matchingLabels()) {
                if (matching.include().contains(label)) {
                    throw error(operatorRange(lhs, rhs),
                            "label " + Quoting.quote(label) + " must not occur in ON and GROUP clause at once");
                }
            }
        }
        if (lt != ValueType.SCALAR && lt != ValueType.VECTOR) {
            throw error(lhs.position(), "binary expression must contain only scalar and instant vector types");
        }
        if (rt != ValueType.SCALAR && rt != ValueType.VECTOR) {
            throw error(rhs.position(), "binary expression must contain only scalar and instant vector types");
        }
        if (lt != ValueType.VECTOR || rt != ValueType.VECTOR) {
            if (!matching.matchingLabels().isEmpty()) {
                throw error(e.position(), "vector matching only allowed between instant vectors");
            }
            matching = null;
        } else if (op.isSetOperator()) {
            if (matching.cardinality() == Cardinality.ONE_TO_MANY || matching.cardinality() == Cardinality.MANY_TO_ONE) {
                throw error(e.position(), "no grouping allowed for " + Quoting.quote(op.symbol()) + " operation");
            }
        }
        if ((lt == ValueType.SCALAR || rt == ValueType.SCALAR) && op.isSetOperator()) {
            throw error(e.position(),
                    "set operator " + Quoting.quote(op.symbol()) + " not allowed in binary scalar expression");
        }
        return new BinaryExpr(op, lhs, rhs, matching, e.returnBool(), e.position());
    }

    @Override
    public Expr visitCall(Call e) {
        Function f = e.function();
        int count = e.args().size();
        if (f.variadic() == 0) {
            if (count != f.argTypes().size()) {
                throw error(e.position(), "expected " + f.argTypes().size() + " argument(s) in call to "
                        + Quoting.quote(f.name()) + ", got " + count);
            }
        } else if (count < f.minArgs()) {
            throw error(e.position(), "expected at least " + f.minArgs() + " argument(s) in call to "
                    + Quoting.quote(f.name()) + ", got " + count);
        } else if (count > f.maxArgs()) {
            throw error(e.position(), "expected at most " + f.maxArgs() + " argument(s) in call to "
                    + Quoting.quote(f.name()) + ", got " + count);
        }
        List<Expr> args = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            args.add(expectType(e.args().get(i), f.argType(i), "call to function " + Quoting.quote(f.name())));
        }
        return new Call(f, args, e.position());
    }

    @Override
    public Expr visitMatrixSelector(MatrixSelector e) {
        check(e.selector());
        return e;
    }

    @Override
    public Expr visitNumber(NumberLiteral e) {
        return e;
    }

    @Override
    public Expr visitParen(ParenExpr e) {
        return new ParenExpr(check(e.expr()), e.position());
    }

    @Override
    public Expr visitString(StringLiteral e) {
        return e;
    }

    @Override
    public Expr visitSubquery(SubqueryExpr e) {
        Expr inner = check(e.expr());
        if (inner.type() != ValueType.VECTOR) {
            throw error(e.position(), "subquery is only allowed on instant vector, got " + inner.type().apiName() + " instead");
        }
        return new SubqueryExpr(inner, e.rangeMillis(), e.stepMillis(), e.offsetMillis(), e.at(), e.position());
    }

    @Override
    public Expr visitUnary(UnaryExpr e) {
        Expr inner = check(e.expr());
        if (inner.type() != ValueType.SCALAR && inner.type() != ValueType.VECTOR) {
            throw error(e.position(), "unary expression only allowed on expressions of type scalar or instant vector, got "
                    + Quoting.quote(inner.type().documentedName()));
        }
        return new UnaryExpr(e.op(), inner, e.position());
    }

    @Override
    public Expr visitVectorSelector(VectorSelector e) {
        List<LabelMatcher> matchers = e.matchers();
        if (e.name() != null) {
            // The last matcher is the one for the name written before the braces.
            for (LabelMatcher m : matchers.subList(0, matchers.size() - 1)) {
                if (m.name().equals(Labels.METRIC_NAME)) {
                    throw error(e.position(), "metric name must not be set twice: " + Quoting.quote(e.name())
                            + " or " + Quoting.quote(m.value()));
                }
            }
            return e;
        }
        for (LabelMatcher m : matchers) {
            if (!m.matchesEmpty()) {
                return e;
            }
        }
        throw error(e.position(), "vector selector must contain at least one non-empty matcher");
    }

    /** The operator between two operands, trimmed of spaces, for error positions. */
    private PositionRange operatorRange(Expr lhs, Expr rhs) {
        int start = lhs.position().end();
        int end = rhs.position().start();
        while (start < end && Lexer.isSpace(input.charAt(start))) {
            start++;
        }
        while (end > start && Lexer.isSpace(input.charAt(end - 1))) {
            end--;
        }
        return new PositionRange(start, end);
    }

    private ParseException error(PositionRange position, String message) {
        return new ParseException(input, position, message);
    }
}
