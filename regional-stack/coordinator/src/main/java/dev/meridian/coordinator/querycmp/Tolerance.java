package dev.meridian.coordinator.querycmp;

/**
 * When two sample values count as equal.
 *
 * <p>Two finite values {@code a} and {@code b} are equal when
 * {@code |a - b| <= max(relative * max(|a|, |b|), absolute)}: the relative part absorbs the last
 * bits that differ between two implementations' floating-point arithmetic (summing in another
 * order, Go's and Java's math libraries), and the absolute floor covers values near zero, where
 * a relative tolerance means nothing (0 against {@code 1e-17} left over from {@code a - a}
 * computed in another order). NaN equals NaN only; an infinity equals only the same infinity.
 *
 * @param relative the relative tolerance, {@code >= 0} (default {@value #DEFAULT_RELATIVE})
 * @param absolute the absolute floor, {@code >= 0} (default {@value #DEFAULT_ABSOLUTE})
 */
public record Tolerance(double relative, double absolute) {
    public static final double DEFAULT_RELATIVE = 1e-9;
    public static final double DEFAULT_ABSOLUTE = 1e-12;

    public Tolerance {
        if (!(relative >= 0) || Double.isInfinite(relative)) {
            throw new IllegalArgumentException("tolerance must be a finite number >= 0 (got: " + relative + ")");
        }
        if (!(absolute >= 0) || Double.isInfinite(absolute)) {
            throw new IllegalArgumentException("absolute tolerance must be a finite number >= 0 (got: " + absolute + ")");
        }
    }

    public static Tolerance defaults() {
        return new Tolerance(DEFAULT_RELATIVE, DEFAULT_ABSOLUTE);
    }

    /** Whether {@code a} and {@code b} are equal under this tolerance (see the class comment). */
    public boolean equal(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) && Double.isNaN(b);
        }
        if (Double.isInfinite(a) || Double.isInfinite(b)) {
            return a == b;
        }
        double difference = Math.abs(a - b);
        return difference <= Math.max(relative * Math.max(Math.abs(a), Math.abs(b)), absolute);
    }
}
