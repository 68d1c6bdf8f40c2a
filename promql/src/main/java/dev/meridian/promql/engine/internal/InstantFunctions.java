package dev.meridian.promql.engine.internal;

import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToIntFunction;

/** Functions of instant vectors that map each sample's value (Prometheus 2.42 semantics). */
final class InstantFunctions {
    private static final Map<String, SampleFunction> FUNCTIONS = Map.ofEntries(
            unary("abs", Math::abs),
            unary("ceil", Math::ceil),
            unary("floor", Math::floor),
            unary("exp", Math::exp),
            unary("sqrt", Math::sqrt),
            unary("ln", Math::log),
            unary("log2", FloatMath::log2),
            unary("log10", FloatMath::log10),
            unary("sin", Math::sin),
            unary("cos", Math::cos),
            unary("tan", Math::tan),
            unary("asin", Math::asin),
            unary("acos", Math::acos),
            unary("atan", Math::atan),
            unary("sinh", FloatMath::sinh),
            unary("cosh", FloatMath::cosh),
            unary("tanh", Math::tanh),
            unary("asinh", InstantFunctions::asinh),
            unary("acosh", InstantFunctions::acosh),
            unary("atanh", InstantFunctions::atanh),
            unary("rad", v -> v * Math.PI / 180),
            unary("deg", v -> v * 180 / Math.PI),
            unary("sgn", v -> v < 0 ? -1 : v > 0 ? 1 : v),
            Map.entry("clamp", new SampleFunction() {
                @Override
                public double apply(double v, double[] args, long t) {
                    return FloatMath.max(args[0], FloatMath.min(args[1], v));
                }

                @Override
                public boolean producesOutput(double[] args) {
                    return !(args[1] < args[0]);
                }
            }),
            Map.entry("clamp_min", (v, args, t) -> FloatMath.max(args[0], v)),
            Map.entry("clamp_max", (v, args, t) -> FloatMath.min(args[0], v)),
            Map.entry("round", (v, args, t) -> {
                double toNearest = args.length > 0 ? args[0] : 1;
                // Invert first: fewer floating point surprises than dividing (as Prometheus does).
                double inverse = 1.0 / toNearest;
                return Math.floor(v * inverse + 0.5) / inverse;
            }),
            calendar("minute", GoCalendar::minute),
            calendar("hour", GoCalendar::hour),
            calendar("day_of_week", GoCalendar::dayOfWeek),
            calendar("day_of_month", GoCalendar::dayOfMonth),
            calendar("day_of_year", GoCalendar::dayOfYear),
            calendar("days_in_month", GoCalendar::daysInMonth),
            calendar("month", GoCalendar::month),
            Map.entry("year", (v, args, t) -> GoCalendar.of(v).fullYear()));

    private InstantFunctions() {}

    /** The sample function named {@code name}, or null if it is not one. */
    static SampleFunction get(String name) {
        return FUNCTIONS.get(name);
    }

    private static Map.Entry<String, SampleFunction> unary(String name, DoubleUnaryOperator f) {
        return Map.entry(name, (v, args, t) -> f.applyAsDouble(v));
    }

    /** A calendar field of the sample value read as Unix seconds, in UTC, as Go computes it. */
    private static Map.Entry<String, SampleFunction> calendar(String name, ToIntFunction<GoCalendar> field) {
        return Map.entry(name, (v, args, t) -> field.applyAsInt(GoCalendar.of(v)));
    }

    // Inverse hyperbolic functions as in FDLIBM (which Go's math package follows): accurate for
    // tiny and huge arguments, where the textbook log formulas lose precision.
    private static final double LN2 = 0.693147180559945309417232121458176568;
    private static final double TWO_POW_28 = 268435456.0;
    private static final double TWO_POW_NEG_28 = 1.0 / TWO_POW_28;

    private static double asinh(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        double a = Math.abs(x);
        double r;
        if (a > TWO_POW_28) {
            r = Math.log(a) + LN2;
        } else if (a > 2) {
            r = Math.log(2 * a + 1 / (Math.sqrt(a * a + 1) + a));
        } else if (a < TWO_POW_NEG_28) {
            r = a;
        } else {
            double t = a * a;
            r = Math.log1p(a + t / (1 + Math.sqrt(1 + t)));
        }
        return Math.copySign(r, x);
    }

    private static double acosh(double x) {
        if (x < 1 || Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x == 1) {
            return 0;
        }
        if (x >= TWO_POW_28) {
            return Math.log(x) + LN2;
        }
        if (x > 2) {
            return Math.log(2 * x - 1 / (x + Math.sqrt(x * x - 1)));
        }
        double t = x - 1;
        return Math.log1p(t + Math.sqrt(2 * t + t * t));
    }

    private static double atanh(double x) {
        double a = Math.abs(x);
        if (a > 1 || Double.isNaN(x)) {
            return Double.NaN;
        }
        if (a == 1) {
            return Math.copySign(Double.POSITIVE_INFINITY, x);
        }
        double r;
        if (a < TWO_POW_NEG_28) {
            r = a;
        } else if (a < 0.5) {
            double t = a + a;
            r = 0.5 * Math.log1p(t + t * a / (1 - a));
        } else {
            r = 0.5 * Math.log1p((a + a) / (1 - a));
        }
        return Math.copySign(r, x);
    }
}
