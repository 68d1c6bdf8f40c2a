package dev.meridian.promql.ast;

/** One method per node type, so a switch over expressions is checked for completeness. */
public interface ExprVisitor<R> {
    R visitAggregate(AggregateExpr expr);

    R visitBinary(BinaryExpr expr);

    R visitCall(Call expr);

    R visitMatrixSelector(MatrixSelector expr);

    R visitNumber(NumberLiteral expr);

    R visitParen(ParenExpr expr);

    R visitString(StringLiteral expr);

    R visitSubquery(SubqueryExpr expr);

    R visitUnary(UnaryExpr expr);

    R visitVectorSelector(VectorSelector expr);
}
