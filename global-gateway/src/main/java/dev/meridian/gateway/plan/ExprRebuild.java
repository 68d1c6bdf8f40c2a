package dev.meridian.gateway.plan;

import dev.meridian.promql.ast.AggregateExpr;
import dev.meridian.promql.ast.BinaryExpr;
import dev.meridian.promql.ast.Call;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.ParenExpr;
import dev.meridian.promql.ast.SubqueryExpr;
import dev.meridian.promql.ast.UnaryExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Copies an expression tree top-down, replacing the nodes a function chooses; nodes above a
 * replacement are rebuilt, everything else is shared with the original.
 */
final class ExprRebuild {
    private ExprRebuild() {}

    /**
     * @param replace the replacement of a node, or {@code null} to keep the node and look at its
     *     children
     */
    static Expr map(Expr e, Function<Expr, Expr> replace) {
        Expr replaced = replace.apply(e);
        if (replaced != null) {
            return replaced;
        }
        if (e instanceof AggregateExpr a) {
            Expr expr = map(a.expr(), replace);
            Expr param = a.param() == null ? null : map(a.param(), replace);
            return expr == a.expr() && param == a.param()
                    ? a
                    : new AggregateExpr(a.op(), expr, param, a.grouping(), a.without(), a.position());
        }
        if (e instanceof BinaryExpr b) {
            Expr lhs = map(b.lhs(), replace);
            Expr rhs = map(b.rhs(), replace);
            return lhs == b.lhs() && rhs == b.rhs()
                    ? b
                    : new BinaryExpr(b.op(), lhs, rhs, b.matching(), b.returnBool(), b.position());
        }
        if (e instanceof Call c) {
            List<Expr> args = new ArrayList<>(c.args().size());
            boolean changed = false;
            for (Expr arg : c.args()) {
                Expr mapped = map(arg, replace);
                changed |= mapped != arg;
                args.add(mapped);
            }
            return changed ? new Call(c.function(), args, c.position()) : c;
        }
        if (e instanceof ParenExpr p) {
            Expr inner = map(p.expr(), replace);
            return inner == p.expr() ? p : new ParenExpr(inner, p.position());
        }
        if (e instanceof SubqueryExpr s) {
            Expr inner = map(s.expr(), replace);
            return inner == s.expr()
                    ? s
                    : new SubqueryExpr(inner, s.rangeMillis(), s.stepMillis(), s.offsetMillis(), s.at(), s.position());
        }
        if (e instanceof UnaryExpr u) {
            Expr inner = map(u.expr(), replace);
            return inner == u.expr() ? u : new UnaryExpr(u.op(), inner, u.position());
        }
        // Selectors and literals have no expression children.
        return e;
    }
}
