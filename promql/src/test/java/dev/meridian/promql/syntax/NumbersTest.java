package dev.meridian.promql.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NumbersTest {
    @Test
    void parsesGoFloats() {
        assertThat(Numbers.parseFloat("+Inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Numbers.parseFloat("-infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Numbers.parseFloat("NaN")).isNaN();
        assertThat(Numbers.parseFloat("0.25")).isEqualTo(0.25);
        assertThat(Numbers.parseFloat("1e-3")).isEqualTo(0.001);
        assertThat(Numbers.parseFloat("0x1p-2")).isEqualTo(0.25);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "1 ", "1d", "1f", "0x10", "1e400", "+nan", "1_000"})
    void rejectsWhatGoRejects(String text) {
        assertThatThrownBy(() -> Numbers.parseFloat(text)).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void parsesLiteralsWithBasePrefixes() {
        assertThat(Numbers.parseLiteral("0x10")).isEqualTo(16);
        assertThat(Numbers.parseLiteral("010")).isEqualTo(8);
        assertThat(Numbers.parseLiteral("08")).isEqualTo(8);
        assertThat(Numbers.parseLiteral("99999999999999999999")).isEqualTo(1e20);
    }

    @Test
    void formatsShortestWithoutExponent() {
        assertThat(Numbers.format(1)).isEqualTo("1");
        assertThat(Numbers.format(-0.0)).isEqualTo("-0");
        assertThat(Numbers.format(0.1)).isEqualTo("0.1");
        assertThat(Numbers.format(1e21)).isEqualTo("1000000000000000000000");
        assertThat(Numbers.format(1.5e-7)).isEqualTo("0.00000015");
        assertThat(Numbers.format(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(Numbers.format(Double.NaN)).isEqualTo("NaN");
        // JDK 17's Double.toString prints ...752 here; Go prints the shortest form.
        assertThat(Numbers.format(129207988562858752.0)).isEqualTo("129207988562858750");
        assertThat(Numbers.format(2e-3)).isEqualTo("0.002");
        assertThat(Numbers.format(1.0e23)).isEqualTo("100000000000000000000000");
    }
    @Test
    void formatsWithExponentAsGoDoes() {
        // strconv.FormatFloat(v, 'e', -1, 64), as Prometheus 2.42 writes vector and matrix values.
        assertThat(Numbers.formatExponent(1e-7)).isEqualTo("1e-07");
        assertThat(Numbers.formatExponent(1.5e22)).isEqualTo("1.5e+22");
        assertThat(Numbers.formatExponent(-2.5)).isEqualTo("-2.5e+00");
        assertThat(Numbers.formatExponent(123456789)).isEqualTo("1.23456789e+08");
        assertThat(Numbers.formatExponent(1e100)).isEqualTo("1e+100");
        assertThat(Numbers.formatExponent(0)).isEqualTo("0e+00");
        assertThat(Numbers.formatExponent(-0.0)).isEqualTo("-0e+00");
        assertThat(Numbers.formatExponent(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(Numbers.formatExponent(Double.NaN)).isEqualTo("NaN");
    }

    @Test
    void formatsLikeGoPrintsAFloat() {
        // fmt.Sprint(v), as Prometheus 2.42 prints number literals.
        assertThat(Numbers.formatGeneral(123456)).isEqualTo("123456");
        assertThat(Numbers.formatGeneral(1e6)).isEqualTo("1e+06");
        assertThat(Numbers.formatGeneral(100000000000.0)).isEqualTo("1e+11");
        assertThat(Numbers.formatGeneral(0.0001)).isEqualTo("0.0001");
        assertThat(Numbers.formatGeneral(1e-5)).isEqualTo("1e-05");
        assertThat(Numbers.formatGeneral(0.9)).isEqualTo("0.9");
        assertThat(Numbers.formatGeneral(-1234567.5)).isEqualTo("-1.2345675e+06");
        assertThat(Numbers.formatGeneral(0)).isEqualTo("0");
        assertThat(Numbers.formatGeneral(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(Numbers.formatGeneral(Double.NaN)).isEqualTo("NaN");
    }
}
