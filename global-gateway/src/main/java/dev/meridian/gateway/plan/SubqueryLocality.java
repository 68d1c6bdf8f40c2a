package dev.meridian.gateway.plan;

import dev.meridian.promql.ast.SubqueryExpr;

/**
 * Rule for subqueries: a subquery evaluates its inner expression at its own steps, series by
 * series, so over a LOCAL inner expression it is a LOCAL range vector, which a range function
 * around it turns into a LOCAL instant vector. A subquery of a GLOBAL expression is GLOBAL, and
 * nothing inside it is pushed down (the engine takes no external results inside subqueries): its
 * selectors read raw series.
 *
 * <pre>
 * max_over_time(rate(x[5m])[1h:1m])            LOCAL
 * max_over_time(sum by (job) (x)[1h:1m])       GLOBAL; x is read raw
 * </pre>
 */
final class SubqueryLocality {
    private SubqueryLocality() {}

    static Locality classify(SubqueryExpr subquery, Localities known) {
        return known.of(subquery.expr()) == Locality.LOCAL ? Locality.LOCAL : Locality.GLOBAL;
    }
}
