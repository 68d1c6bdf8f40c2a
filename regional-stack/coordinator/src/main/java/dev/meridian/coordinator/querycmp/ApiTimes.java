package dev.meridian.coordinator.querycmp;

import dev.meridian.promql.syntax.Durations;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Times and durations written the way Prometheus' HTTP API takes them: a time is Unix seconds
 * ({@code 1700000000}, {@code 1700000000.5}) or RFC 3339 ({@code 2023-11-14T22:13:20Z}); a step is
 * seconds ({@code 15}, {@code 0.5}) or a Prometheus duration ({@code 15s}, {@code 1m30s}). Like
 * Prometheus, fractional seconds are rounded to the millisecond.
 */
public final class ApiTimes {
    private static final Pattern SECONDS = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)");

    private ApiTimes() {}

    /**
     * A time in milliseconds since the epoch.
     *
     * @throws IllegalArgumentException naming the text if it is neither Unix seconds nor RFC 3339
     */
    public static long parseTime(String text) {
        if (SECONDS.matcher(text).matches()) {
            return secondsToMillis(text);
        }
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("not a time: \"" + text
                    + "\" (expected Unix seconds like 1700000000 or RFC 3339 like 2023-11-14T22:13:20Z)", e);
        }
    }

    /**
     * A duration in milliseconds.
     *
     * @throws IllegalArgumentException naming the text if it is neither seconds nor a Prometheus duration
     */
    public static long parseDuration(String text) {
        if (SECONDS.matcher(text).matches()) {
            return secondsToMillis(text);
        }
        try {
            return Durations.parseMillis(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a duration: \"" + text
                    + "\" (expected seconds like 15 or a Prometheus duration like 15s or 1m)", e);
        }
    }

    /** Milliseconds as the seconds the API takes, e.g. {@code 1700000000.123}. */
    public static String formatSeconds(long millis) {
        return BigDecimal.valueOf(millis, 3).toPlainString();
    }

    private static long secondsToMillis(String text) {
        try {
            return new BigDecimal(text).movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("out of range: \"" + text + "\"", e);
        }
    }
}
