package dev.meridian.promql.engine.internal;

/** A function of a range vector, evaluated per series and step over a non-empty window. */
@FunctionalInterface
interface RangeFunction {
    /** Writes the result to {@code call.result} and returns true, or returns false for no output. */
    boolean apply(Window window, RangeCall call);
}
