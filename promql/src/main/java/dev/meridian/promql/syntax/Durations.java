package dev.meridian.promql.syntax;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus durations ({@code 1h30m}, {@code 5m}, {@code 100ms}, {@code 1y}) as used in range
 * selectors, offsets, subquery steps and the promqltest format. Units must appear in decreasing
 * order, each at most once: {@code y} (365d), {@code w}, {@code d}, {@code h}, {@code m}, {@code s},
 * {@code ms}. A bare {@code 0} is also accepted.
 */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile(
            "^(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?(?:([0-9]+)ms)?$");

    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long WEEK = 7 * DAY;
    private static final long YEAR = 365 * DAY;
    private static final long[] UNIT_MILLIS = {YEAR, WEEK, DAY, HOUR, MINUTE, SECOND, 1};

    private Durations() {}

    /**
     * Parses a duration into milliseconds.
     *
     * @throws IllegalArgumentException naming the text if it is not a valid duration or overflows
     */
    public static long parseMillis(String text) {
        if (text.equals("0")) {
            return 0;
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a valid duration string: " + Quoting.quote(text));
        }
        long total = 0;
        for (int group = 1; group <= UNIT_MILLIS.length; group++) {
            String digits = m.group(group);
            if (digits == null) {
                continue;
            }
            long unit = UNIT_MILLIS[group - 1];
            long n;
            try {
                n = Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("duration out of range: " + Quoting.quote(text), e);
            }
            // Prometheus stores durations as nanoseconds in an int64; keep the same bound.
            if (n > Long.MAX_VALUE / 1_000_000 / unit) {
                throw new IllegalArgumentException("duration out of range: " + Quoting.quote(text));
            }
            total += n * unit;
            if (total > Long.MAX_VALUE / 1_000_000 || total < 0) {
                throw new IllegalArgumentException("duration out of range: " + Quoting.quote(text));
            }
        }
        return total;
    }

    /**
     * Formats milliseconds as Prometheus does: years and weeks only when they divide evenly, then
     * days, hours, minutes, seconds, milliseconds ({@code 90d}, {@code 1h30m}, {@code 0s}).
     * Negative durations get a leading {@code -}.
     */
    public static String format(long millis) {
        if (millis == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        if (millis < 0) {
            out.append('-');
            millis = -millis;
        }
        long rest = millis;
        rest = unit(out, rest, YEAR, "y", true);
        rest = unit(out, rest, WEEK, "w", true);
        rest = unit(out, rest, DAY, "d", false);
        rest = unit(out, rest, HOUR, "h", false);
        rest = unit(out, rest, MINUTE, "m", false);
        rest = unit(out, rest, SECOND, "s", false);
        unit(out, rest, 1, "ms", false);
        return out.toString();
    }

    private static long unit(StringBuilder out, long rest, long unit, String suffix, boolean onlyIfExact) {
        if (onlyIfExact && rest % unit != 0) {
            return rest;
        }
        long n = rest / unit;
        if (n > 0) {
            out.append(n).append(suffix);
            return rest - n * unit;
        }
        return rest;
    }
}
