package dev.meridian.gateway.plan;

import static dev.meridian.gateway.plan.TestRegions.localityOf;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AggregationLocalityTest {
    @Test
    void groupingThatKeepsRegionIsLocal() {
        for (String query : new String[] {"sum by (region) (x)", "sum by (job, region) (rate(x[5m]))",
                "avg without (instance) (x)", "topk by (region) (3, x)", "bottomk without (job) (1, x)",
                "quantile by (region) (0.9, x)", "stddev without () (x)", "count_values by (region) (\"v\", x)",
                "count_values without (job) (\"v\", x)", "group by (region) (x)"}) {
            assertThat(localityOf(query)).as(query).isEqualTo(Locality.LOCAL);
        }
    }

    @Test
    void groupingThatDropsRegionIsGlobal() {
        for (String query : new String[] {"sum(x)", "sum by (job) (x)", "min without (region) (x)",
                "max without (instance, region) (x)", "topk(3, x)", "quantile(0.5, x)"}) {
            assertThat(localityOf(query)).as(query).isEqualTo(Locality.GLOBAL);
        }
    }

    @Test
    void countValuesWritingRegionIsGlobal() {
        assertThat(localityOf("count_values by (region) (\"region\", x)")).isEqualTo(Locality.GLOBAL);
        assertThat(localityOf("count_values without (job) (\"region\", x)")).isEqualTo(Locality.GLOBAL);
    }

    @Test
    void globalOperandsOrParametersThatReadSeriesAreGlobal() {
        assertThat(localityOf("sum by (region) (sum(x))")).isEqualTo(Locality.GLOBAL);
        assertThat(localityOf("topk by (region) (scalar(y), x)")).isEqualTo(Locality.GLOBAL);
        assertThat(localityOf("sum by (region) (x + on (job) y)")).isEqualTo(Locality.GLOBAL);
    }
}
