package dev.meridian.api;

import dev.meridian.promql.syntax.Durations;
import dev.meridian.promql.syntax.Numbers;
import dev.meridian.promql.syntax.Quoting;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time as Prometheus 2.42's API parses it into a Go {@code time.Time}: Unix seconds plus
 * nanoseconds in {@code [0, 1e9)}. It keeps nanoseconds because 2.42 compares times and computes
 * {@code end - start} in nanoseconds before it converts them to milliseconds.
 *
 * <p>Parsing ({@code parseTime} in {@code web/api/v1/api.go}), in this order:
 *
 * <ol>
 *   <li>a float as Go's {@code strconv.ParseFloat} reads it ({@code 1700000000}, {@code 1.5e9},
 *       {@code 0x1p3}, {@code 1_000}, {@code NaN}, {@code Inf}): Unix seconds, the fraction rounded
 *       to the millisecond as 2.42 does it in float64 arithmetic; NaN and values out of int64 turn
 *       into what Go's conversions make of them on amd64 (2.42 accepts them);
 *   <li>RFC 3339 as Go 1.19's {@code time.Parse(time.RFC3339Nano, s)} reads it:
 *       {@code 2023-11-14T22:13:20Z}, {@code 2023-11-14T22:13:20.5+01:00}; a one-digit hour and a
 *       comma before the fraction are accepted, at most 9 fraction digits, {@code T} and {@code Z}
 *       upper case, seconds required;
 *   <li>the two strings Prometheus' Go client sends for "no bound": {@link #MIN_FORMATTED} and
 *       {@link #MAX_FORMATTED}.
 * </ol>
 *
 * @param seconds Unix seconds
 * @param nanos nanoseconds within the second, in {@code [0, 1e9)}
 */
public record GoTime(long seconds, int nanos) {
    /** Seconds from Go's internal epoch (year 1) to the Unix epoch. */
    private static final long UNIX_TO_INTERNAL = 62_135_596_800L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** 2.42's {@code minTime}: the default {@code start} of the metadata endpoints. */
    public static final GoTime MIN = new GoTime(Long.MIN_VALUE / 1000 + 62_135_596_801L, 0);
    /** 2.42's {@code maxTime}: the default {@code end} of the metadata endpoints. */
    public static final GoTime MAX = new GoTime(Long.MAX_VALUE / 1000 - 62_135_596_801L, 999_999_999);
    /** {@link #MIN} as Go formats it in RFC 3339. */
    public static final String MIN_FORMATTED = "-292273086-05-16T16:47:06Z";
    /** {@link #MAX} as Go formats it in RFC 3339. */
    public static final String MAX_FORMATTED = "292277025-08-18T07:12:54.999999999Z";

    private static final Pattern RFC3339 = Pattern.compile(
            "([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:[.,]([0-9]{1,9}))?(Z|[+-][0-9]{2}:[0-9]{2})");

    public GoTime {
        if (nanos < 0 || nanos >= NANOS_PER_SECOND) {
            throw new IllegalArgumentException("nanos must be in [0, 1e9) (got: " + nanos + ")");
        }
    }

    /** Go's {@code time.Unix(sec, nsec)}: normalizes {@code nsec} into the second, with Go's wrapping arithmetic. */
    static GoTime unix(long sec, long nsec) {
        if (nsec < 0 || nsec >= NANOS_PER_SECOND) {
            long n = nsec / NANOS_PER_SECOND;
            sec += n;
            nsec -= n * NANOS_PER_SECOND;
            if (nsec < 0) {
                nsec += NANOS_PER_SECOND;
                sec--;
            }
        }
        return new GoTime(sec, (int) nsec);
    }

    /** Milliseconds since the epoch, as Prometheus' {@code timestamp.FromTime} (wrapping like Go on overflow). */
    public long toMillis() {
        return seconds * 1000 + nanos / 1_000_000;
    }

    /**
     * Milliseconds since the epoch as 2.42's engine takes a query's times ({@code timeMilliseconds}:
     * {@code t.UnixNano() / 1e6}, truncated, wrapping like Go on overflow). It differs from
     * {@link #toMillis()} only for times before 1970 with a sub-millisecond part and for times
     * beyond int64 nanoseconds.
     */
    public long toEngineMillis() {
        return (seconds * NANOS_PER_SECOND + nanos) / 1_000_000;
    }

    /** Whether this time is before {@code other}, as Go compares times (by its internal seconds, then nanoseconds). */
    public boolean isBefore(GoTime other) {
        long a = seconds + UNIX_TO_INTERNAL;
        long b = other.seconds + UNIX_TO_INTERNAL;
        return a < b || (a == b && nanos < other.nanos);
    }

    /** Go's {@code t.Sub(u)} in nanoseconds: saturates at the int64 bounds instead of overflowing. */
    public long minusNanos(GoTime other) {
        try {
            return Math.addExact(Math.multiplyExact(Math.subtractExact(seconds, other.seconds), NANOS_PER_SECOND),
                    nanos - other.nanos);
        } catch (ArithmeticException overflow) {
            return isBefore(other) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /**
     * Parses a time parameter.
     *
     * @throws IllegalArgumentException with 2.42's message, {@code cannot parse "x" to a valid timestamp}
     */
    public static GoTime parse(String s) {
        Double seconds = parseGoFloat(s);
        if (seconds != null) {
            double t = seconds;
            // math.Modf: the integer part towards zero and the rest; Modf(±Inf) = (±Inf, NaN).
            double whole = t < 0 ? Math.ceil(t) : Math.floor(t);
            double fraction = Double.isInfinite(t) ? Double.NaN : t - whole;
            double rounded = goRound(fraction * 1000) / 1000;
            return unix(goInt64(whole), goInt64(rounded * NANOS_PER_SECOND));
        }
        GoTime rfc3339 = parseRfc3339(s);
        if (rfc3339 != null) {
            return rfc3339;
        }
        if (s.equals(MIN_FORMATTED)) {
            return MIN;
        }
        if (s.equals(MAX_FORMATTED)) {
            return MAX;
        }
        throw new IllegalArgumentException("cannot parse " + Quoting.quote(s) + " to a valid timestamp");
    }

    /**
     * Parses a duration parameter ({@code step}, {@code timeout}) into nanoseconds as 2.42's
     * {@code parseDuration}: float seconds (truncated to the nanosecond), else a Prometheus
     * duration ({@code 1m30s}).
     *
     * @throws IllegalArgumentException with 2.42's message, {@code cannot parse "x" to a valid duration}
     */
    public static long parseDurationNanos(String s) {
        Double seconds = parseGoFloat(s);
        if (seconds != null) {
            double ns = seconds * NANOS_PER_SECOND;
            if (ns > 0x1p63 || ns < -0x1p63) {
                throw new IllegalArgumentException("cannot parse " + Quoting.quote(s) + " to a valid duration. It overflows int64");
            }
            return goInt64(ns);
        }
        try {
            return Math.multiplyExact(Durations.parseMillis(s), 1_000_000L);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("cannot parse " + Quoting.quote(s) + " to a valid duration", e);
        }
    }

    /**
     * Go's {@code strconv.ParseFloat(s, 64)} where it succeeds, else null: Numbers' reading plus
     * Go's underscores between digits ({@code 1_000}).
     */
    static Double parseGoFloat(String s) {
        String text = s;
        if (s.indexOf('_') >= 0) {
            if (!underscoresOk(s)) {
                return null;
            }
            text = s.replace("_", "");
        }
        try {
            return Numbers.parseFloat(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Go's {@code strconv.underscoreOK}: underscores only between digits, or after a base prefix. */
    private static boolean underscoresOk(String s) {
        char saw = '^';
        int i = 0;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            i++;
        }
        boolean hex = false;
        if (s.length() - i >= 2 && s.charAt(i) == '0') {
            char c = Character.toLowerCase(s.charAt(i + 1));
            if (c == 'x' || c == 'b' || c == 'o') {
                hex = c == 'x';
                i += 2;
                saw = '0';
            }
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            char lower = Character.toLowerCase(c);
            if ((c >= '0' && c <= '9') || (hex && lower >= 'a' && lower <= 'f')) {
                saw = '0';
                continue;
            }
            if (c == '_') {
                if (saw != '0') {
                    return false;
                }
                saw = '_';
                continue;
            }
            if (saw == '_') {
                return false;
            }
            saw = '!';
        }
        return saw != '_';
    }

    /** Go's float64 to int64 conversion on amd64: NaN and out-of-range values become {@code MinInt64}. */
    static long goInt64(double d) {
        if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) {
            return Long.MIN_VALUE;
        }
        return (long) d;
    }

    /** Go's {@code math.Round}: half away from zero. */
    static double goRound(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return d;
        }
        double r = Math.floor(Math.abs(d) + 0.5);
        // floor(|d| + 0.5) can round up from just below .5 when the addition is inexact.
        if (r - Math.abs(d) > 0.5) {
            r -= 1;
        }
        return Math.copySign(r, d);
    }

    private static GoTime parseRfc3339(String s) {
        Matcher m = RFC3339.matcher(s);
        if (!m.matches()) {
            return null;
        }
        int hour = Integer.parseInt(m.group(4));
        int minute = Integer.parseInt(m.group(5));
        int second = Integer.parseInt(m.group(6));
        if (hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)))
                    .toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        int nanos = 0;
        if (m.group(7) != null) {
            String fraction = (m.group(7) + "00000000").substring(0, 9);
            nanos = Integer.parseInt(fraction);
        }
        long offsetSeconds = 0;
        String zone = m.group(8);
        if (!zone.equals("Z")) {
            long hours = Integer.parseInt(zone.substring(1, 3));
            long minutes = Integer.parseInt(zone.substring(4, 6));
            offsetSeconds = (hours * 3600 + minutes * 60) * (zone.charAt(0) == '-' ? -1 : 1);
        }
        long seconds = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return new GoTime(seconds, nanos);
    }
}
