package dev.meridian.promql.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** Places where Go's (and so Prometheus') arithmetic differs from Java's defaults. */
class GoSemanticsTest {
    @Test
    void calendarMatchesJavaTimeForOrdinaryTimes() {
        for (long s = -5_000_000_000L; s < 5_000_000_000L; s += 7_777_777) {
            ZonedDateTime t = Instant.ofEpochSecond(s).atZone(ZoneOffset.UTC);
            // Fractions truncate toward zero, as Go's int64(v) does.
            GoCalendar c = GoCalendar.of(s >= 0 ? s + 0.9 : s);
            assertThat(c.hour()).isEqualTo(t.getHour());
            assertThat(c.minute()).isEqualTo(t.getMinute());
            assertThat(c.dayOfWeek()).isEqualTo(t.getDayOfWeek().getValue() % 7);
            assertThat(c.dayOfMonth()).isEqualTo(t.getDayOfMonth());
            assertThat(c.dayOfYear()).isEqualTo(t.getDayOfYear());
            assertThat(c.month()).isEqualTo(t.getMonthValue());
            assertThat(c.fullYear()).isEqualTo(t.getYear());
            assertThat(c.daysInMonth()).isEqualTo(t.toLocalDate().lengthOfMonth());
        }
    }

    @Test
    void calendarOfNaNIsWhatPrometheusAnswers() {
        // Prometheus 2.42 on amd64: int64(NaN) is the smallest int64, and the date arithmetic wraps.
        GoCalendar c = GoCalendar.of(Double.NaN);
        assertThat(c.hour()).isEqualTo(15);
        assertThat(c.minute()).isEqualTo(30);
        assertThat(c.dayOfMonth()).isEqualTo(4);
        assertThat(c.dayOfWeek()).isEqualTo(0);
        assertThat(c.dayOfYear()).isEqualTo(339);
        assertThat(c.daysInMonth()).isEqualTo(31);
        assertThat(c.month()).isEqualTo(12);
        assertThat(c.fullYear()).isEqualTo(292277026596L);
        assertThat(GoCalendar.of(Double.POSITIVE_INFINITY).hour()).isEqualTo(15);
        // Beyond java.time's range: Prometheus answers hour 9, year 3168875820 for 1e17.
        assertThat(GoCalendar.of(1e17).hour()).isEqualTo(9);
        assertThat(GoCalendar.of(1e17).fullYear()).isEqualTo(3168875820L);
    }

    @Test
    void maxAndMinLetInfinityWinOverNaN() {
        assertThat(FloatMath.max(Double.NaN, Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(FloatMath.max(Double.NaN, 1)).isNaN();
        assertThat(FloatMath.min(Double.NEGATIVE_INFINITY, Double.NaN)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(FloatMath.min(Double.NaN, 1)).isNaN();
        assertThat(1 / FloatMath.max(-0.0, 0.0)).isPositive();
        assertThat(1 / FloatMath.min(-0.0, 0.0)).isNegative();
    }

    @Test
    void powAndLogFollowGo() {
        assertThat(FloatMath.pow(1, Double.NaN)).isEqualTo(1);
        assertThat(FloatMath.pow(-1, Double.POSITIVE_INFINITY)).isEqualTo(1);
        assertThat(FloatMath.pow(Double.NaN, 0)).isEqualTo(1);
        assertThat(FloatMath.log2(8)).isEqualTo(3);
        assertThat(FloatMath.log2(0.125)).isEqualTo(-3);
        assertThat(FloatMath.log10(1000)).isCloseTo(3, org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void hyperbolicFunctionsOverflowAsInGo() {
        assertThat(FloatMath.cosh(710)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(FloatMath.sinh(-710)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(FloatMath.sinh(1)).isEqualTo(Math.sinh(1));
    }
}
