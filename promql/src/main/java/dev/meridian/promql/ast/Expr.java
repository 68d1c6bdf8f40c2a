package dev.meridian.promql.ast;

/**
 * A node of a parsed PromQL expression. Nodes are immutable values and hold no execution state;
 * {@link #toString()} prints an expression that parses back to an equal tree.
 */
public sealed interface Expr
        permits AggregateExpr, BinaryExpr, Call, MatrixSelector, NumberLiteral, ParenExpr, StringLiteral,
                SubqueryExpr, UnaryExpr, VectorSelector {
    /** The type this expression evaluates to. */
    ValueType type();

    /** Where the expression stands in the query text. */
    PositionRange position();

    <R> R accept(ExprVisitor<R> visitor);

    /** Removes any number of enclosing parentheses. */
    static Expr unwrapParens(Expr expr) {
        Expr e = expr;
        while (e instanceof ParenExpr paren) {
            e = paren.expr();
        }
        return e;
    }
}
