package dev.meridian.gateway.plan;

import dev.meridian.promql.ast.AggregateExpr;
import dev.meridian.promql.ast.BinaryExpr;
import dev.meridian.promql.ast.Call;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.MatrixSelector;
import dev.meridian.promql.ast.ParenExpr;
import dev.meridian.promql.ast.SubqueryExpr;
import dev.meridian.promql.ast.UnaryExpr;
import java.util.ArrayList;
import java.util.List;

/** The direct children of a node, in the order they are written. */
final class ExprChildren {
    private ExprChildren() {}

    static List<Expr> of(Expr e) {
        if (e instanceof AggregateExpr a) {
            return a.param() == null ? List.of(a.expr()) : List.of(a.param(), a.expr());
        }
        if (e instanceof BinaryExpr b) {
            return List.of(b.lhs(), b.rhs());
        }
        if (e instanceof Call c) {
            return c.args();
        }
        if (e instanceof MatrixSelector m) {
            return List.of(m.selector());
        }
        if (e instanceof ParenExpr p) {
            return List.of(p.expr());
        }
        if (e instanceof SubqueryExpr s) {
            return List.of(s.expr());
        }
        if (e instanceof UnaryExpr u) {
            return List.of(u.expr());
        }
        return List.of();
    }

    /** {@code e} and all nodes below it, parents before children. */
    static List<Expr> subtree(Expr e) {
        List<Expr> out = new ArrayList<>();
        collect(e, out);
        return out;
    }

    private static void collect(Expr e, List<Expr> out) {
        out.add(e);
        for (Expr child : of(e)) {
            collect(child, out);
        }
    }
}
