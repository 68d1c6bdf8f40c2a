package dev.meridian.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatasetSpecTest {
    @Test
    void defaultsAreTenThousandSeriesOfThreeHoursAtFifteenSeconds() {
        DatasetSpec spec = DatasetSpec.defaults();

        assertThat(spec.seriesCount()).isEqualTo(10_000);
        assertThat(spec.samplesPerSeries()).isEqualTo(720);
        assertThat(spec.sampleCount()).isEqualTo(7_200_000L);
        assertThat(spec.intervalMillis()).isEqualTo(15_000);
        assertThat(spec.endMillis() - spec.startMillis() + spec.intervalMillis()).isEqualTo(3 * 3600 * 1000L);
        assertThat(spec).hasToString("200 hosts (10000 series) × 720 samples every 15s, seed 20231114");
    }

    @Test
    void ofSeriesRoundsUpToWholeHosts() {
        assertThat(DatasetSpec.ofSeries(1, 10).hosts()).isEqualTo(1);
        assertThat(DatasetSpec.ofSeries(50, 10).hosts()).isEqualTo(1);
        assertThat(DatasetSpec.ofSeries(51, 10).hosts()).isEqualTo(2);
        assertThat(DatasetSpec.ofSeries(10_000, 720)).isEqualTo(DatasetSpec.defaults());
    }

    @Test
    void rejectsSizesThatMakeNoDataset() {
        assertThatThrownBy(() -> new DatasetSpec(0, 720, 15_000, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("hosts must be > 0 (got: 0)");
        assertThatThrownBy(() -> new DatasetSpec(1, 0, 15_000, 0, 1))
                .hasMessage("samplesPerSeries must be > 0 (got: 0)");
        assertThatThrownBy(() -> new DatasetSpec(1, 1, 0, 0, 1)).hasMessage("intervalMillis must be > 0 (got: 0)");
        assertThatThrownBy(() -> new DatasetSpec(1, 1, 1, -1, 1)).hasMessage("startMillis must be >= 0 (got: -1)");
        assertThatThrownBy(() -> DatasetSpec.ofSeries(0, 1)).hasMessage("series must be > 0 (got: 0)");
    }
}
