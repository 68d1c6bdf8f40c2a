package dev.meridian.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.storage.series.SeriesLabels;
import org.junit.jupiter.api.Test;

class WriteBatchTest {
    private static final SeriesLabels A = SeriesLabels.of("__name__", "a");
    private static final SeriesLabels B = SeriesLabels.of("__name__", "b");
    private static final SeriesLabels C = SeriesLabels.of("__name__", "c");

    @Test
    void addAllAppendsEveryEntryWithItsSamplesInOrder() {
        WriteBatch first = new WriteBatch().add(A, new long[] {1, 2}, new double[] {1.5, 2.5}, 2);
        WriteBatch second = new WriteBatch().add(B, 3, 3.5).add(C, new long[] {4, 5, 6}, new double[] {4.5, 5.5, Double.NaN}, 3);

        first.addAll(second).addAll(new WriteBatch());

        assertThat(first.size()).isEqualTo(3);
        assertThat(first.sampleCount()).isEqualTo(6);
        assertThat(first.labels(1)).isEqualTo(B);
        assertThat(first.labels(2)).isEqualTo(C);
        assertThat(first.firstSample(2)).isEqualTo(3);
        assertThat(first.endSample(2)).isEqualTo(6);
        assertThat(first.timestamp(4)).isEqualTo(5);
        assertThat(first.value(2)).isEqualTo(3.5);
        assertThat(first.value(5)).isNaN();
        assertThat(second.size()).as("the source is unchanged").isEqualTo(2);
    }
}
