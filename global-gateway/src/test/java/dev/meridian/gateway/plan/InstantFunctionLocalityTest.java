package dev.meridian.gateway.plan;

import static dev.meridian.gateway.plan.TestRegions.localityOf;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InstantFunctionLocalityTest {
    @Test
    void perSeriesFunctionsOfLocalVectorsWithConstantParametersAreLocal() {
        for (String query : new String[] {"abs(x)", "ceil(x)", "clamp(x, -1, 1)", "clamp_max(x, time())", "exp(x)",
                "ln(x)", "round(x, 0.5)", "timestamp(x)", "day_of_week(x)", "sgn(rate(x[5m]))",
                "histogram_quantile(0.9, rate(b[5m]))", "histogram_quantile(0.9, sum by (le, region) (b))",
                "label_replace(x, \"dc\", \"$1\", \"region\", \"(.*)\")", "label_join(x, \"id\", \"-\", \"a\", \"b\")"}) {
            assertThat(localityOf(query)).as(query).isEqualTo(Locality.LOCAL);
        }
    }

    @Test
    void functionsOverTheWholeVectorOrOfNothingAreGlobal() {
        for (String query : new String[] {"absent(x)", "scalar(x)", "vector(1)", "vector(time())", "sort(x)",
                "sort_desc(x)", "day_of_week()", "hour()"}) {
            assertThat(localityOf(query)).as(query).isEqualTo(Locality.GLOBAL);
        }
    }

    @Test
    void writingAnExternalLabelIsGlobal() {
        assertThat(localityOf("label_replace(x, \"region\", \"all\", \"\", \"\")")).isEqualTo(Locality.GLOBAL);
        assertThat(localityOf("label_replace(x, \"provider\", \"gcp\", \"\", \"\")")).isEqualTo(Locality.GLOBAL);
        assertThat(localityOf("label_join(x, \"region\", \"-\", \"region\", \"job\")")).isEqualTo(Locality.GLOBAL);
    }

    @Test
    void parametersThatReadSeriesMakeItGlobal() {
        assertThat(localityOf("clamp_max(x, scalar(y))")).isEqualTo(Locality.GLOBAL);
        assertThat(localityOf("histogram_quantile(scalar(q), rate(b[5m]))")).isEqualTo(Locality.GLOBAL);
        assertThat(localityOf("histogram_quantile(0.9, sum by (le) (rate(b[5m])))")).isEqualTo(Locality.GLOBAL);
    }

    @Test
    void timeAndPiAreConstant() {
        assertThat(localityOf("time()")).isEqualTo(Locality.CONSTANT);
        assertThat(localityOf("pi()")).isEqualTo(Locality.CONSTANT);
    }
}
