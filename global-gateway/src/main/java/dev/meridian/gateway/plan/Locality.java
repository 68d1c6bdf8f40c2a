package dev.meridian.gateway.plan;

/** Where a node of an expression can be evaluated, given that the regions' series are disjoint. */
public enum Locality {
    /**
     * A scalar or string that reads no series: literals, {@code time()}, {@code pi()} and
     * arithmetic of those. Every region and the gateway compute the same value.
     */
    CONSTANT,
    /**
     * An instant vector whose global result is the union of the regions' results (every output
     * series keeps {@code region}), or a range vector that a range function turns into one.
     */
    LOCAL,
    /** Everything else: needs the data of all regions at once. */
    GLOBAL
}
