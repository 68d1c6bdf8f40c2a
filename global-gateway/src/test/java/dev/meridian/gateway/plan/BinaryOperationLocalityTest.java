package dev.meridian.gateway.plan;

import static dev.meridian.gateway.plan.TestRegions.localityOf;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BinaryOperationLocalityTest {
    @Test
    void matchingThatKeepsRegionIsLocal() {
        for (String query : new String[] {"a / b", "a + on (region, job) b", "a * ignoring (instance) b",
                "a * on (region, instance) group_left (version) b", "a * ignoring (job) group_right b", "a and b",
                "a or on (region) b", "a unless ignoring (code) b", "a > bool b"}) {
            assertThat(localityOf(query)).as(query).isEqualTo(Locality.LOCAL);
        }
    }

    @Test
    void matchingThatCanPairRegionsIsGlobal() {
        for (String query : new String[] {"a + on (job) b", "a + on () b", "a * ignoring (region) b",
                "a and on (instance) b", "a or ignoring (region, job) b",
                "a * on (instance) group_left (version) b"}) {
            assertThat(localityOf(query)).as(query).isEqualTo(Locality.GLOBAL);
        }
    }

    @Test
    void vectorAndConstantScalarIsLocal() {
        assertThat(localityOf("a > 2")).isEqualTo(Locality.LOCAL);
        assertThat(localityOf("2 * a - time()")).isEqualTo(Locality.LOCAL);
        assertThat(localityOf("a > bool (1 + 1)")).isEqualTo(Locality.LOCAL);
    }

    @Test
    void scalarsThatReadSeriesAreGlobal() {
        assertThat(localityOf("a > scalar(b)")).isEqualTo(Locality.GLOBAL);
        assertThat(localityOf("scalar(b) * 2")).isEqualTo(Locality.GLOBAL);
        assertThat(localityOf("vector(1) + a")).isEqualTo(Locality.GLOBAL);
        assertThat(localityOf("sum(a) + a")).isEqualTo(Locality.GLOBAL);
    }

    @Test
    void twoConstantsAreConstant() {
        assertThat(localityOf("1 + 2 ^ time()")).isEqualTo(Locality.CONSTANT);
    }
}
