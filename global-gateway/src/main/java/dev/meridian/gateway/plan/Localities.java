package dev.meridian.gateway.plan;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.ast.Expr;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The {@link Locality} of every node of one expression tree. Nodes are keyed by identity: two
 * equal sub-expressions at different places are different nodes.
 */
public final class Localities {
    private final Map<Expr, Locality> byNode = new IdentityHashMap<>();

    Localities() {}

    /**
     * @throws IllegalArgumentException if {@code node} is not a node of the classified tree
     */
    public Locality of(Expr node) {
        Locality locality = byNode.get(requireNonNull(node, "node is null"));
        if (locality == null) {
            throw new IllegalArgumentException("node was not classified: " + node);
        }
        return locality;
    }

    void put(Expr node, Locality locality) {
        byNode.put(requireNonNull(node, "node is null"), requireNonNull(locality, "locality is null"));
    }
}
