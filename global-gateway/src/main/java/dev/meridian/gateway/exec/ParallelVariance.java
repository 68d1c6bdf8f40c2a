package dev.meridian.gateway.exec;

/**
 * Count, mean and M2 (the sum of squared deviations from the mean) of a set of values, combined
 * across disjoint sets with the parallel formula of Chan, Golub and LeVeque ("Updating formulae
 * and a pairwise algorithm for computing sample variances", 1979):
 *
 * <pre>
 * n     = nA + nB
 * delta = meanB - meanA
 * mean  = meanA + delta * nB / n
 * M2    = M2A + M2B + delta^2 * nA * nB / n
 * population variance = M2 / n          (what PromQL's stdvar returns)
 * </pre>
 *
 * Every term added to M2 is non-negative, so nothing cancels: the result is as precise as the
 * parts, which each region computed with Welford's stable update (as Prometheus does). The naive
 * alternative, {@code (sum of squares - sum^2/n) / n}, subtracts two large, nearly equal numbers
 * and loses most digits when the mean is large against the spread.
 *
 * <p>Non-finite values follow Prometheus: a single value, even infinite, has variance 0, but
 * Welford's update turns any set of two or more values containing an infinity or NaN into NaN;
 * combining parts where either holds a non-finite mean or M2 therefore gives NaN.
 */
record ParallelVariance(double count, double mean, double m2) {
    /** A part from a region's {@code count}, {@code avg} and {@code stdvar} of the same group. */
    static ParallelVariance of(double count, double mean, double variance) {
        return new ParallelVariance(count, mean, variance * count);
    }

    ParallelVariance combine(ParallelVariance other) {
        double n = count + other.count;
        if (!Double.isFinite(mean) || !Double.isFinite(m2) || !Double.isFinite(other.mean)
                || !Double.isFinite(other.m2)) {
            return new ParallelVariance(n, Double.NaN, Double.NaN);
        }
        double delta = other.mean - mean;
        double combinedMean = mean + delta * (other.count / n);
        double combinedM2 = m2 + other.m2 + delta * delta * (count * other.count / n);
        return new ParallelVariance(n, combinedMean, combinedM2);
    }

    /** The population variance, {@code M2 / n}. */
    double variance() {
        return m2 / count;
    }
}
