package dev.meridian.promql.engine.internal;

/**
 * The calendar fields of a Unix time as Go's {@code time} package computes them in UTC, which is
 * what Prometheus' date functions ({@code hour()}, {@code month()}, ...) return, including for
 * times outside any sensible range.
 *
 * <p>Go converts the sample value with {@code int64(v)}: truncation toward zero, and on amd64 the
 * smallest int64 for NaN, infinities and out-of-range values. It then counts seconds from an
 * "absolute" epoch in year -292277022399 in unsigned 64-bit arithmetic, so extreme times wrap
 * around instead of failing; days split into 400-, 100-, 4- and 1-year cycles of the Gregorian
 * calendar.
 */
final class GoCalendar {
    private static final long SECONDS_PER_MINUTE = 60;
    private static final long SECONDS_PER_HOUR = 60 * SECONDS_PER_MINUTE;
    private static final long SECONDS_PER_DAY = 24 * SECONDS_PER_HOUR;
    private static final long SECONDS_PER_WEEK = 7 * SECONDS_PER_DAY;
    private static final long DAYS_PER_400_YEARS = 365 * 400 + 97;
    private static final long DAYS_PER_100_YEARS = 365 * 100 + 24;
    private static final long DAYS_PER_4_YEARS = 365 * 4 + 1;
    private static final long ABSOLUTE_ZERO_YEAR = -292277022399L;
    /** Seconds from the absolute epoch to 1970-01-01: (1970 - absolute zero year) Gregorian years. */
    private static final long UNIX_TO_ABSOLUTE = 9223372028715321600L;
    /** Day of the year before each month starts, in a common year. */
    private static final int[] DAYS_BEFORE = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365};

    private final long abs;

    private GoCalendar(double unixSeconds) {
        this.abs = toGoInt64(unixSeconds) + UNIX_TO_ABSOLUTE; // Wraps like Go's uint64 arithmetic.
    }

    static GoCalendar of(double unixSeconds) {
        return new GoCalendar(unixSeconds);
    }

    /** Go's {@code int64(v)} on amd64. */
    static long toGoInt64(double v) {
        if (Double.isNaN(v) || v >= 0x1p63 || v < -0x1p63) {
            return Long.MIN_VALUE;
        }
        return (long) v;
    }

    int hour() {
        return (int) (Long.remainderUnsigned(abs, SECONDS_PER_DAY) / SECONDS_PER_HOUR);
    }

    int minute() {
        return (int) (Long.remainderUnsigned(abs, SECONDS_PER_HOUR) / SECONDS_PER_MINUTE);
    }

    /** Sunday is 0. The absolute epoch is a Monday. */
    int dayOfWeek() {
        return (int) (Long.remainderUnsigned(abs + SECONDS_PER_DAY, SECONDS_PER_WEEK) / SECONDS_PER_DAY);
    }

    long fullYear() {
        return date()[0];
    }

    int month() {
        return (int) date()[1];
    }

    int dayOfMonth() {
        return (int) date()[2];
    }

    /** 1-based. */
    int dayOfYear() {
        return (int) date()[3] + 1;
    }

    int daysInMonth() {
        long[] d = date();
        int month = (int) d[1];
        if (month == 2 && isLeap(d[0])) {
            return 29;
        }
        return DAYS_BEFORE[month] - DAYS_BEFORE[month - 1];
    }

    /** {year, month (1-12), day of month (1-31), day of year (0-based)}. */
    private long[] date() {
        long d = Long.divideUnsigned(abs, SECONDS_PER_DAY);
        long n = Long.divideUnsigned(d, DAYS_PER_400_YEARS);
        long y = 400 * n;
        d -= DAYS_PER_400_YEARS * n;
        // The last day of a 400-year cycle would count as a fifth century; fold it back.
        n = d / DAYS_PER_100_YEARS;
        n -= n >> 2;
        y += 100 * n;
        d -= DAYS_PER_100_YEARS * n;
        n = d / DAYS_PER_4_YEARS;
        y += 4 * n;
        d -= DAYS_PER_4_YEARS * n;
        // The last day of a 4-year cycle would count as a fifth year; fold it back.
        n = d / 365;
        n -= n >> 2;
        y += n;
        d -= 365 * n;

        long year = y + ABSOLUTE_ZERO_YEAR;
        int yday = (int) d;
        int day = yday;
        if (isLeap(year)) {
            if (day > 31 + 29 - 1) {
                day--;
            } else if (day == 31 + 29 - 1) {
                return new long[] {year, 2, 29, yday};
            }
        }
        int month = day / 31;
        int begin;
        int end = DAYS_BEFORE[month + 1];
        if (day >= end) {
            month++;
            begin = end;
        } else {
            begin = DAYS_BEFORE[month];
        }
        return new long[] {year, month + 1, day - begin + 1, yday};
    }

    private static boolean isLeap(long year) {
        return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    }
}
