package dev.meridian.promql.engine.internal;

import dev.meridian.promql.ErrorCode;
import dev.meridian.promql.PromqlException;
import java.util.Locale;
import java.util.Map;

/**
 * The functions of range vectors, with Prometheus 2.42 semantics. Each reads a non-empty window
 * of float samples (staleness markers already removed).
 */
final class RangeFunctions {
    private static final Map<String, RangeFunction> FUNCTIONS = Map.ofEntries(
            Map.entry("rate", (w, c) -> extrapolatedRate(w, c, true, true)),
            Map.entry("increase", (w, c) -> extrapolatedRate(w, c, true, false)),
            Map.entry("delta", (w, c) -> extrapolatedRate(w, c, false, false)),
            Map.entry("irate", (w, c) -> instantValue(w, c, true)),
            Map.entry("idelta", (w, c) -> instantValue(w, c, false)),
            Map.entry("avg_over_time", RangeFunctions::avgOverTime),
            Map.entry("sum_over_time", RangeFunctions::sumOverTime),
            Map.entry("count_over_time", (w, c) -> result(c, w.size())),
            Map.entry("last_over_time", (w, c) -> result(c, w.value(w.size() - 1))),
            Map.entry("present_over_time", (w, c) -> result(c, 1)),
            Map.entry("max_over_time", RangeFunctions::maxOverTime),
            Map.entry("min_over_time", RangeFunctions::minOverTime),
            Map.entry("stddev_over_time", (w, c) -> result(c, Math.sqrt(variance(w)))),
            Map.entry("stdvar_over_time", (w, c) -> result(c, variance(w))),
            Map.entry("quantile_over_time", RangeFunctions::quantileOverTime),
            Map.entry("changes", RangeFunctions::changes),
            Map.entry("resets", RangeFunctions::resets),
            Map.entry("deriv", RangeFunctions::deriv),
            Map.entry("predict_linear", RangeFunctions::predictLinear),
            Map.entry("holt_winters", RangeFunctions::holtWinters));

    private RangeFunctions() {}

    /** The implementation of range function {@code name}, or null if it is not one. */
    static RangeFunction get(String name) {
        return FUNCTIONS.get(name);
    }

    private static boolean result(RangeCall call, double value) {
        call.result = value;
        return true;
    }

    /**
     * {@code rate}, {@code increase} and {@code delta}: the change over the window, corrected for
     * counter resets, and extrapolated towards the window's edges. Extrapolation reaches an edge
     * if the first/last sample is within 1.1 average sample intervals of it, otherwise half an
     * interval; a counter is never extrapolated below zero.
     */
    private static boolean extrapolatedRate(Window w, RangeCall call, boolean isCounter, boolean isRate) {
        int n = w.size();
        if (n < 2) {
            return false;
        }
        double first = w.value(0);
        double result = w.value(n - 1) - first;
        if (isCounter) {
            double last = 0;
            for (int i = 0; i < n; i++) {
                double v = w.value(i);
                if (v < last) {
                    result += last;
                }
                last = v;
            }
        }
        long firstT = w.timestamp(0);
        long lastT = w.timestamp(n - 1);
        double durationToStart = (firstT - call.rangeStart) / 1000.0;
        double durationToEnd = (call.rangeEnd - lastT) / 1000.0;
        double sampledInterval = (lastT - firstT) / 1000.0;
        double averageDurationBetweenSamples = sampledInterval / (n - 1);
        if (isCounter && result > 0 && first >= 0) {
            double durationToZero = sampledInterval * (first / result);
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        double extrapolationThreshold = averageDurationBetweenSamples * 1.1;
        double extrapolateToInterval = sampledInterval;
        extrapolateToInterval += durationToStart < extrapolationThreshold
                ? durationToStart
                : averageDurationBetweenSamples / 2;
        extrapolateToInterval += durationToEnd < extrapolationThreshold
                ? durationToEnd
                : averageDurationBetweenSamples / 2;
        double factor = extrapolateToInterval / sampledInterval;
        if (isRate) {
            factor /= call.rangeMillis / 1000.0;
        }
        return result(call, result * factor);
    }

    /** {@code irate} and {@code idelta}: from the last two samples only. */
    private static boolean instantValue(Window w, RangeCall call, boolean isRate) {
        int n = w.size();
        if (n < 2) {
            return false;
        }
        double last = w.value(n - 1);
        double previous = w.value(n - 2);
        double result = isRate && last < previous ? last : last - previous;
        long interval = w.timestamp(n - 1) - w.timestamp(n - 2);
        if (interval == 0) {
            return false;
        }
        if (isRate) {
            result /= interval / 1000.0;
        }
        return result(call, result);
    }

    /** Incremental mean with compensated summation; infinities are kept rather than turned into NaN. */
    private static boolean avgOverTime(Window w, RangeCall call) {
        double mean = 0;
        double count = 0;
        double[] comp = {0};
        for (int i = 0; i < w.size(); i++) {
            double v = w.value(i);
            count++;
            if (Double.isInfinite(mean)) {
                if (Double.isInfinite(v) && (mean > 0) == (v > 0)) {
                    continue;
                }
                if (!Double.isInfinite(v) && !Double.isNaN(v)) {
                    continue;
                }
            }
            mean = FloatMath.kahanAdd(v / count - mean / count, mean, comp);
        }
        return result(call, Double.isInfinite(mean) ? mean : mean + comp[0]);
    }

    private static boolean sumOverTime(Window w, RangeCall call) {
        double sum = 0;
        double[] comp = {0};
        for (int i = 0; i < w.size(); i++) {
            sum = FloatMath.kahanAdd(w.value(i), sum, comp);
        }
        return result(call, Double.isInfinite(sum) ? sum : sum + comp[0]);
    }

    private static boolean maxOverTime(Window w, RangeCall call) {
        double max = w.value(0);
        for (int i = 1; i < w.size(); i++) {
            double v = w.value(i);
            if (v > max || Double.isNaN(max)) {
                max = v;
            }
        }
        return result(call, max);
    }

    private static boolean minOverTime(Window w, RangeCall call) {
        double min = w.value(0);
        for (int i = 1; i < w.size(); i++) {
            double v = w.value(i);
            if (v < min || Double.isNaN(min)) {
                min = v;
            }
        }
        return result(call, min);
    }

    /** Population variance by Welford's method with compensated sums. */
    private static double variance(Window w) {
        double count = 0;
        double mean = 0;
        double aux = 0;
        double[] cMean = {0};
        double[] cAux = {0};
        for (int i = 0; i < w.size(); i++) {
            double v = w.value(i);
            count++;
            double delta = v - (mean + cMean[0]);
            mean = FloatMath.kahanAdd(delta / count, mean, cMean);
            aux = FloatMath.kahanAdd(delta * (v - (mean + cMean[0])), aux, cAux);
        }
        return (aux + cAux[0]) / count;
    }

    private static boolean quantileOverTime(Window w, RangeCall call) {
        double[] values = new double[w.size()];
        System.arraycopy(w.values(), w.offset(), values, 0, w.size());
        return result(call, FloatMath.quantile(call.scalars[0], values, values.length));
    }

    private static boolean changes(Window w, RangeCall call) {
        int changes = 0;
        double prev = w.value(0);
        for (int i = 1; i < w.size(); i++) {
            double current = w.value(i);
            if (current != prev && !(Double.isNaN(current) && Double.isNaN(prev))) {
                changes++;
            }
            prev = current;
        }
        return result(call, changes);
    }

    private static boolean resets(Window w, RangeCall call) {
        int resets = 0;
        double prev = w.value(0);
        for (int i = 1; i < w.size(); i++) {
            double current = w.value(i);
            if (current < prev) {
                resets++;
            }
            prev = current;
        }
        return result(call, resets);
    }

    private static boolean deriv(Window w, RangeCall call) {
        if (w.size() < 2) {
            return false;
        }
        // Regress relative to the first sample to keep the numbers small (Prometheus #2674).
        double[] fit = FloatMath.linearRegression(w.timestamps(), w.values(), w.offset(), w.size(), w.timestamp(0));
        return result(call, fit[0]);
    }

    private static boolean predictLinear(Window w, RangeCall call) {
        if (w.size() < 2) {
            return false;
        }
        double[] fit = FloatMath.linearRegression(w.timestamps(), w.values(), w.offset(), w.size(), call.stepTime);
        return result(call, fit[0] * call.scalars[0] + fit[1]);
    }

    /**
     * Double exponential smoothing (Holt's linear method): smoothing factor {@code sf} and trend
     * factor {@code tf}, both strictly between 0 and 1.
     */
    private static boolean holtWinters(Window w, RangeCall call) {
        double sf = call.scalars[0];
        double tf = call.scalars[1];
        if (sf <= 0 || sf >= 1) {
            throw new PromqlException(ErrorCode.EXECUTION,
                    "invalid smoothing factor. Expected: 0 < sf < 1, got: " + String.format(Locale.ROOT, "%f", sf));
        }
        if (tf <= 0 || tf >= 1) {
            throw new PromqlException(ErrorCode.EXECUTION,
                    "invalid trend factor. Expected: 0 < tf < 1, got: " + String.format(Locale.ROOT, "%f", tf));
        }
        int n = w.size();
        if (n < 2) {
            return false;
        }
        double s0 = 0;
        double s1 = w.value(0);
        double b = w.value(1) - w.value(0);
        for (int i = 1; i < n; i++) {
            double x = sf * w.value(i);
            // The trend at this point: the raw first difference for i == 1, then smoothed.
            if (i - 1 != 0) {
                b = tf * (s1 - s0) + (1 - tf) * b;
            }
            double y = (1 - sf) * (s1 + b);
            s0 = s1;
            s1 = x + y;
        }
        return result(call, s1);
    }
}
