package dev.meridian.gateway.plan;

import static dev.meridian.gateway.plan.TestRegions.localityOf;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RangeFunctionLocalityTest {
    @Test
    void rangeFunctionsOverSelectorsWithConstantParametersAreLocal() {
        for (String query : new String[] {"rate(x[5m])", "irate(x[1m] offset 1h)", "increase(x[5m] @ end())",
                "deriv(x[10m])", "predict_linear(x[5m], 3600)", "holt_winters(x[5m], 0.5, 0.2 * 2)",
                "quantile_over_time(0.9, x[5m])", "changes(x[5m])", "resets(x[5m])", "idelta(x[5m])",
                "delta(x[5m])", "last_over_time(x[5m])", "present_over_time(x[5m])"}) {
            assertThat(localityOf(query)).as(query).isEqualTo(Locality.LOCAL);
        }
    }

    @Test
    void rangeFunctionsOverSubqueriesOfLocalExpressionsAreLocal() {
        assertThat(localityOf("max_over_time(rate(x[5m])[1h:1m])")).isEqualTo(Locality.LOCAL);
        assertThat(localityOf("max_over_time(sum by (region) (x)[1h:])")).isEqualTo(Locality.LOCAL);
        assertThat(localityOf("max_over_time(sum(x)[1h:1m])")).isEqualTo(Locality.GLOBAL);
    }

    @Test
    void absentOverTimeAndParametersThatReadSeriesAreGlobal() {
        assertThat(localityOf("absent_over_time(x[5m])")).isEqualTo(Locality.GLOBAL);
        assertThat(localityOf("quantile_over_time(scalar(y), x[5m])")).isEqualTo(Locality.GLOBAL);
        assertThat(localityOf("predict_linear(x[5m], scalar(y))")).isEqualTo(Locality.GLOBAL);
    }
}
