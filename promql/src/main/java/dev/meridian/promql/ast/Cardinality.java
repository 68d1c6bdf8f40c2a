package dev.meridian.promql.ast;

/** How the series of two vectors pair up in a binary operation. */
public enum Cardinality {
    ONE_TO_ONE,
    /** {@code group_left}: many series on the left per series on the right. */
    MANY_TO_ONE,
    /** {@code group_right}: many series on the right per series on the left. */
    ONE_TO_MANY,
    /** Set operators ({@code and}, {@code or}, {@code unless}). */
    MANY_TO_MANY
}
