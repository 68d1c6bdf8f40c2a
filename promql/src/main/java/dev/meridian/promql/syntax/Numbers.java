package dev.meridian.promql.syntax;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * Number syntax as Prometheus reads and writes it (Go's {@code strconv}): PromQL literals try an
 * integer with base prefix first ({@code 0x1f}, octal {@code 017}) and fall back to a float;
 * floats accept {@code Inf}/{@code NaN} in any case; output uses the shortest decimal form without
 * exponent, with {@code +Inf}, {@code -Inf} and {@code NaN} spelled that way.
 */
public final class Numbers {
    private static final Pattern DECIMAL_FLOAT =
            Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
    private static final Pattern HEX_FLOAT =
            Pattern.compile("[+-]?0[xX](?:[0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)[pP][+-]?[0-9]+");

    private Numbers() {}

    /**
     * Parses a float as Go's {@code strconv.ParseFloat(s, 64)} does.
     *
     * @throws NumberFormatException if {@code s} is not a float, or its magnitude is out of range
     */
    public static double parseFloat(String s) {
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        switch (lower) {
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            case "nan":
                return Double.NaN;
            default:
                break;
        }
        double value;
        if (DECIMAL_FLOAT.matcher(s).matches()) {
            value = Double.parseDouble(s);
        } else if (HEX_FLOAT.matcher(s).matches()) {
            value = Double.parseDouble(s);
        } else {
            throw new NumberFormatException("invalid syntax: " + Quoting.quote(s));
        }
        if (Double.isInfinite(value)) {
            throw new NumberFormatException("value out of range: " + Quoting.quote(s));
        }
        return value;
    }

    /**
     * Parses a PromQL number literal: an integer with Go base prefixes if it is one, else a float.
     *
     * @throws NumberFormatException naming the text if it is neither
     */
    public static double parseLiteral(String s) {
        Long integer = parseGoInteger(s);
        if (integer != null) {
            return integer;
        }
        return parseFloat(s);
    }

    /** Go's {@code strconv.ParseInt(s, 0, 64)}, returning null where Go returns an error. */
    private static Long parseGoInteger(String s) {
        String body = s;
        boolean negative = false;
        if (body.startsWith("+") || body.startsWith("-")) {
            negative = body.charAt(0) == '-';
            body = body.substring(1);
        }
        int radix = 10;
        if (body.length() > 2 && body.charAt(0) == '0' && (body.charAt(1) == 'x' || body.charAt(1) == 'X')) {
            radix = 16;
            body = body.substring(2);
        } else if (body.length() > 1 && body.charAt(0) == '0') {
            radix = 8;
            body = body.substring(1);
        }
        if (body.isEmpty()) {
            return null;
        }
        for (int i = 0; i < body.length(); i++) {
            if (Character.digit(body.charAt(i), radix) < 0) {
                return null;
            }
        }
        try {
            return Long.parseLong(negative ? "-" + body : body, radix);
        } catch (NumberFormatException e) {
            return null; // Out of int64 range: Go falls back to ParseFloat as well.
        }
    }

    /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}. */
    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return shortestDecimal(v).toPlainString();
    }

    /**
     * Go's {@code strconv.FormatFloat(v, 'e', -1, 64)}: the shortest digits with an exponent of at
     * least two digits, e.g. {@code 1e-07}, {@code 1.5e+22}, {@code -2.5e+00}; {@code +Inf},
     * {@code -Inf} and {@code NaN} as {@link #format}.
     */
    public static String formatExponent(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return format(v);
        }
        return exponentForm(v, digits(v));
    }

    /**
     * Go's {@code fmt.Sprint(v)} ({@code %v}, i.e. {@code %g} with the shortest digits): the
     * exponent form of {@link #formatExponent} when the decimal exponent is below -4 or at least
     * 6, else the plain form of {@link #format}; e.g. {@code 123456}, {@code 1e+06},
     * {@code 0.0001}, {@code 1e-05}, {@code +Inf}.
     */
    public static String formatGeneral(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
            return format(v);
        }
        Digits d = digits(v);
        if (d.exponent < -4 || d.exponent >= 6) {
            return exponentForm(v, d);
        }
        return format(v);
    }

    /** The shortest significant digits of a finite {@code v} and the decimal exponent of the first. */
    private record Digits(String digits, int exponent) {}

    private static Digits digits(double v) {
        if (v == 0) {
            return new Digits("0", 0);
        }
        BigDecimal shortest = shortestDecimal(Math.abs(v));
        String digits = shortest.unscaledValue().toString();
        return new Digits(digits, digits.length() - 1 - shortest.scale());
    }

    private static String exponentForm(double v, Digits d) {
        StringBuilder out = new StringBuilder();
        if (v < 0 || (v == 0 && Double.doubleToRawLongBits(v) < 0)) {
            out.append('-');
        }
        out.append(d.digits.charAt(0));
        if (d.digits.length() > 1) {
            out.append('.').append(d.digits, 1, d.digits.length());
        }
        int exponent = Math.abs(d.exponent);
        out.append('e').append(d.exponent < 0 ? '-' : '+').append(exponent < 10 ? "0" : "").append(exponent);
        return out.toString();
    }

    /**
     * The shortest decimal that reads back as {@code v}, and among those the closest to it, as Go
     * prints floats. {@link Double#toString} always reads back, but before JDK 19 it sometimes
     * has a digit too many or is not the closest; so shorten while possible, then pick the
     * closest candidate of that length.
     */
    static BigDecimal shortestDecimal(double v) {
        int digits = new BigDecimal(Double.toString(v)).stripTrailingZeros().precision();
        BigDecimal exact = new BigDecimal(v);
        while (digits > 1 && closestReadingBack(v, exact, digits - 1) != null) {
            digits--;
        }
        BigDecimal best = closestReadingBack(v, exact, digits);
        return best != null ? best : new BigDecimal(Double.toString(v)).stripTrailingZeros();
    }

    /** The decimal of {@code digits} significant digits nearest to {@code v} that reads back as it, or null. */
    private static BigDecimal closestReadingBack(double v, BigDecimal exact, int digits) {
        BigDecimal best = null;
        BigDecimal bestDistance = null;
        for (RoundingMode mode : new RoundingMode[] {RoundingMode.HALF_EVEN, RoundingMode.FLOOR, RoundingMode.CEILING}) {
            BigDecimal candidate = exact.round(new MathContext(digits, mode));
            if (Double.parseDouble(candidate.toString()) == v) {
                BigDecimal distance = candidate.subtract(exact).abs();
                if (best == null || distance.compareTo(bestDistance) < 0) {
                    best = candidate;
                    bestDistance = distance;
                }
            }
        }
        return best == null ? null : best.stripTrailingZeros();
    }
}
