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
}
