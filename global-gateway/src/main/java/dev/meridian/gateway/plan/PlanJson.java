package dev.meridian.gateway.plan;

import dev.meridian.promql.ast.AggregateExpr;
import dev.meridian.promql.ast.BinaryExpr;
import dev.meridian.promql.ast.Call;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.ast.MatrixSelector;
import dev.meridian.promql.ast.NumberLiteral;
import dev.meridian.promql.ast.ParenExpr;
import dev.meridian.promql.ast.StringLiteral;
import dev.meridian.promql.ast.SubqueryExpr;
import dev.meridian.promql.ast.UnaryExpr;
import dev.meridian.promql.ast.VectorSelector;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link DistributedPlan} as JSON:
 *
 * <pre>
 * {"query": "...", "start": ms, "end": ms, "step": ms, "lookbackMs": ms,
 *  "gateway": "sort(pushdown_1)", "pushdowns": 1, "rawSelections": 0,
 *  "tree": node}
 * node = {"type": "aggregate|binary|call|matrixSelector|number|paren|string|subquery|unary|selector",
 *         "expr": "...", "locality": "constant|local|global",
 *         and one of: "pushdown": {...}  (a pushed node; its children are not shown)
 *                     "raw": {...}       (a selector reading raw series)
 *                     "children": [node, ...]}
 * pushdown = {"id", "kind": "union|partial sum|...", "merge", "gatewayReaggregates" (only true,
 *             for partial topk/bottomk), "regionQueries": [{"role", "expr"}], "regions": [...],
 *             "gatewayEvaluated": [...], "pruned": [{"region", "reason"}], "cacheable"}
 * raw = {"selection": id, "start", "end", "regions", "pruned"}
 * </pre>
 */
final class PlanJson {
    private PlanJson() {}

    static String render(DistributedPlan plan) {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("query").value(plan.expr().toString());
        w.name("start").value(plan.range().start());
        w.name("end").value(plan.range().end());
        w.name("step").value(plan.range().step());
        w.name("lookbackMs").value(plan.lookbackMillis());
        w.name("gateway").value(plan.gatewayExpression());
        w.name("pushdowns").value(plan.pushdowns().size());
        w.name("rawSelections").value(plan.rawSelections().size());
        w.name("tree");
        node(w, plan, plan.expr());
        return w.endObject().toString();
    }

    private static void node(JsonWriter w, DistributedPlan plan, Expr e) {
        w.beginObject();
        w.name("type").value(type(e));
        w.name("expr").value(e.toString());
        w.name("locality").value(plan.locality(e).name().toLowerCase(Locale.ROOT));
        Pushdown pushdown = plan.pushdownAt(e);
        RawSelection raw = e instanceof VectorSelector vs ? plan.rawSelectionOf(vs) : null;
        if (pushdown != null) {
            w.name("pushdown");
            pushdown(w, pushdown);
        } else if (raw != null) {
            w.name("raw").beginObject();
            w.name("selection").value(raw.id());
            w.name("start").value(raw.read().start());
            w.name("end").value(raw.read().end());
            targets(w, raw.targets());
            w.endObject();
        } else {
            List<Expr> children = ExprChildren.of(e);
            if (!children.isEmpty()) {
                w.name("children").beginArray();
                for (Expr child : children) {
                    node(w, plan, child);
                }
                w.endArray();
            }
        }
        w.endObject();
    }

    private static void pushdown(JsonWriter w, Pushdown p) {
        w.beginObject();
        w.name("id").value(p.id());
        w.name("kind").value(p.kind());
        w.name("merge").value(p.merge().description());
        if (p.substitutes() != p.node()) {
            w.name("gatewayReaggregates").value(true);
        }
        w.name("regionQueries").beginArray();
        for (RegionPart part : p.parts()) {
            w.beginObject().name("role").value(part.role()).name("expr").value(part.promql()).endObject();
        }
        w.endArray();
        targets(w, p.targets());
        w.name("cacheable").value(p.cacheable());
        w.endObject();
    }

    private static void targets(JsonWriter w, RegionTargets targets) {
        w.name("regions").beginArray();
        for (String region : targets.regions()) {
            w.value(region);
        }
        w.endArray();
        w.name("gatewayEvaluated").beginArray();
        for (String region : targets.gatewayEvaluated()) {
            w.value(region);
        }
        w.endArray();
        w.name("pruned").beginArray();
        for (PrunedRegion pruned : targets.pruned()) {
            w.beginObject().name("region").value(pruned.region()).name("reason").value(pruned.reason()).endObject();
        }
        w.endArray();
    }

    private static String type(Expr e) {
        if (e instanceof AggregateExpr) {
            return "aggregate";
        }
        if (e instanceof BinaryExpr) {
            return "binary";
        }
        if (e instanceof Call) {
            return "call";
        }
        if (e instanceof MatrixSelector) {
            return "matrixSelector";
        }
        if (e instanceof NumberLiteral) {
            return "number";
        }
        if (e instanceof ParenExpr) {
            return "paren";
        }
        if (e instanceof StringLiteral) {
            return "string";
        }
        if (e instanceof SubqueryExpr) {
            return "subquery";
        }
        if (e instanceof UnaryExpr) {
            return "unary";
        }
        return "selector";
    }
}
