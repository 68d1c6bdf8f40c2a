package dev.meridian.promql.engine.internal;

import java.util.Arrays;

/**
 * Numeric helpers that must give the same results as Prometheus' Go code: Neumaier-compensated
 * summation, linear regression, quantiles, and Go's {@code math.Pow}/{@code Log2}/{@code Log10},
 * whose special cases differ from Java's.
 */
final class FloatMath {
    /** 1/ln(2), as Go's {@code math.Log2E}. */
    private static final double LOG2_E = 1.44269504088896340735992468100189214;
    /** ln(2)/ln(10), the constant Go's {@code math.Log10} multiplies by. */
    private static final double LN2_OVER_LN10 = 0.301029995663981195213738894724493027;

    private FloatMath() {}

    /**
     * One step of Kahan-Babuska-Neumaier summation: adds {@code inc} to {@code sum}, collecting the
     * lost low-order bits in {@code comp[0]}. Returns the new sum.
     */
    static double kahanAdd(double inc, double sum, double[] comp) {
        double t = sum + inc;
        if (Math.abs(sum) >= Math.abs(inc)) {
            comp[0] += (sum - t) + inc;
        } else {
            comp[0] += (inc - t) + sum;
        }
        return t;
    }

    /** Go's {@code math.Pow}: unlike Java, {@code 1^y = 1} and {@code (-1)^±Inf = 1} for all y. */
    static double pow(double x, double y) {
        if (x == 1 || y == 0) {
            return 1;
        }
        if (x == -1 && Double.isInfinite(y)) {
            return 1;
        }
        return Math.pow(x, y);
    }

    /** Go's {@code math.Max}: +Inf wins over NaN, NaN over everything else, +0 over -0. */
    static double max(double x, double y) {
        if (x == Double.POSITIVE_INFINITY || y == Double.POSITIVE_INFINITY) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.max(x, y);
    }

    /** Go's {@code math.Min}: -Inf wins over NaN, NaN over everything else, -0 over +0. */
    static double min(double x, double y) {
        if (x == Double.NEGATIVE_INFINITY || y == Double.NEGATIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        return Math.min(x, y);
    }

    /**
     * Hyperbolic sine; beyond |x| = 21 as Go computes it, {@code exp(|x|)/2}, which overflows to
     * infinity a little earlier than the exact value would.
     */
    static double sinh(double x) {
        if (Math.abs(x) > 21) {
            return Math.copySign(Math.exp(Math.abs(x)) * 0.5, x);
        }
        return Math.sinh(x);
    }

    /** Hyperbolic cosine; beyond |x| = 21 as Go computes it, {@code exp(|x|)/2}. */
    static double cosh(double x) {
        if (Math.abs(x) > 21) {
            return Math.exp(Math.abs(x)) * 0.5;
        }
        return Math.cosh(x);
    }

    /** Go's {@code math.Log2}: exact for powers of two. */
    static double log2(double x) {
        if (x > 0 && !Double.isInfinite(x)) {
            int exp = Math.getExponent(x);
            if (exp >= Double.MIN_EXPONENT && x == Math.scalb(1.0, exp)) {
                return exp;
            }
            // Go splits x = frac * 2^exp with frac in [0.5, 1).
            double frac = x / Math.scalb(1.0, exp + 1);
            if (exp < Double.MIN_EXPONENT) {
                return Math.log(x) * LOG2_E;
            }
            return Math.log(frac) * LOG2_E + (exp + 1);
        }
        return Math.log(x) * LOG2_E;
    }

    /** Go's {@code math.Log10}: {@code log2(x) * (ln 2 / ln 10)}. */
    static double log10(double x) {
        return log2(x) * LN2_OVER_LN10;
    }

    /**
     * The φ-quantile of {@code values} (sorted in place, NaN first as Prometheus sorts), by linear
     * interpolation between the two nearest ranks. NaN for no values or φ = NaN; -Inf for φ < 0;
     * +Inf for φ > 1.
     */
    static double quantile(double q, double[] values, int count) {
        if (count == 0 || Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        sortNaNFirst(values, count);
        double n = count;
        double rank = q * (n - 1);
        double lower = Math.max(0, Math.floor(rank));
        double upper = Math.min(n - 1, lower + 1);
        double weight = rank - Math.floor(rank);
        return values[(int) lower] * (1 - weight) + values[(int) upper] * weight;
    }

    /** Sorts ascending with NaNs at the front. */
    static void sortNaNFirst(double[] values, int count) {
        int nans = 0;
        for (int i = 0; i < count; i++) {
            if (Double.isNaN(values[i])) {
                values[i] = values[nans];
                values[nans] = Double.NaN;
                nans++;
            }
        }
        Arrays.sort(values, nans, count);
    }

    /**
     * Least-squares fit of value over time (seconds relative to {@code interceptTime}) with
     * compensated sums. Returns {slope, intercept}; a constant series has slope 0 (NaN for an
     * infinite constant).
     */
    static double[] linearRegression(long[] ts, double[] vs, int from, int count, long interceptTime) {
        double n = 0;
        double sumX = 0;
        double sumY = 0;
        double sumXY = 0;
        double sumX2 = 0;
        double[] cX = {0};
        double[] cY = {0};
        double[] cXY = {0};
        double[] cX2 = {0};
        double initY = vs[from];
        boolean constY = true;
        for (int i = from; i < from + count; i++) {
            double v = vs[i];
            if (constY && i > from && v != initY) {
                constY = false;
            }
            n += 1.0;
            double x = (ts[i] - interceptTime) / 1e3;
            sumX = kahanAdd(x, sumX, cX);
            sumY = kahanAdd(v, sumY, cY);
            sumXY = kahanAdd(x * v, sumXY, cXY);
            sumX2 = kahanAdd(x * x, sumX2, cX2);
        }
        if (constY) {
            if (Double.isInfinite(initY)) {
                return new double[] {Double.NaN, Double.NaN};
            }
            return new double[] {0, initY};
        }
        sumX += cX[0];
        sumY += cY[0];
        sumXY += cXY[0];
        sumX2 += cX2[0];
        double covXY = sumXY - sumX * sumY / n;
        double varX = sumX2 - sumX * sumX / n;
        double slope = covXY / varX;
        double intercept = sumY / n - slope * sumX / n;
        return new double[] {slope, intercept};
    }
}
