package dev.meridian.gateway.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParallelVarianceTest {
    /** Welford's update, as Prometheus computes stdvar over all values at once. */
    private static double[] welford(double[] values) {
        double count = 0;
        double mean = 0;
        double m2 = 0;
        for (double v : values) {
            count++;
            double delta = v - mean;
            mean += delta / count;
            m2 += delta * (v - mean);
        }
        return new double[] {count, mean, m2};
    }

    private static ParallelVariance part(double[] values, int from, int to) {
        double[] w = welford(Arrays.copyOfRange(values, from, to));
        return ParallelVariance.of(w[0], w[1], w[2] / w[0]);
    }

    @Test
    void combinedPartsAgreeWithOnePassOverAllValuesWhereSumsOfSquaresCannot() {
        // Large mean, small spread: the case where sum-of-squares formulas cancel catastrophically.
        Random random = new Random(7);
        double[] values = new double[3000];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1e6 + random.nextGaussian();
        }
        double expected = welford(values)[2] / values.length;

        ParallelVariance combined = part(values, 0, 1000).combine(part(values, 1000, 1700)).combine(part(values, 1700, 3000));
        assertThat(Math.abs(combined.variance() - expected) / expected).isLessThan(1e-9);

        double sum = 0;
        double sumOfSquares = 0;
        for (double v : values) {
            sum += v;
            sumOfSquares += v * v;
        }
        double naive = (sumOfSquares - sum * sum / values.length) / values.length;
        assertThat(Math.abs(naive - expected) / expected).isGreaterThan(1e-7);
    }

    @Test
    void equalMeansAddNothingAndConstantGroupsStayExactlyZero() {
        ParallelVariance a = ParallelVariance.of(3, 0.1, 0);
        ParallelVariance b = ParallelVariance.of(1, 0.1, 0);
        assertThat(a.combine(b).variance()).isZero();
        assertThat(a.combine(b).count()).isEqualTo(4);
    }

    @Test
    void nonFiniteValuesInMoreThanOneValueGiveNaNAsPrometheus() {
        ParallelVariance inf = ParallelVariance.of(1, Double.POSITIVE_INFINITY, 0);
        assertThat(inf.variance()).isZero();
        assertThat(inf.combine(ParallelVariance.of(2, 1, 0.5)).variance()).isNaN();
        assertThat(ParallelVariance.of(2, Double.NaN, Double.NaN).combine(ParallelVariance.of(1, 1, 0)).variance()).isNaN();
    }
}
