package dev.meridian.promql.engine.internal;

/** A function applied to each sample of an instant vector. */
interface SampleFunction {
    /**
     * The new value of a sample.
     *
     * @param args the function's scalar arguments at this step
     * @param stepTime the evaluation time of the step, milliseconds
     */
    double apply(double value, double[] args, long stepTime);

    /** Whether the step produces output at all given its arguments ({@code clamp} with max < min does not). */
    default boolean producesOutput(double[] args) {
        return true;
    }
}
