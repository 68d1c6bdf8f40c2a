package dev.meridian.promql.engine.internal;

/**
 * The inputs of one range-function evaluation besides the window, reused across calls: the step
 * time, the window bounds, the function's scalar arguments at this step, and the result slot.
 */
final class RangeCall {
    long stepTime;
    long rangeStart;
    long rangeEnd;
    long rangeMillis;
    /** Scalar arguments in call order, the range vector left out. */
    double[] scalars = new double[0];
    double result;
}
