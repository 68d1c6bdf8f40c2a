package dev.meridian.coordinator.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.storage.ArraySampleIterator;
import dev.meridian.promql.storage.SampleIterator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaMergeIteratorTest {
    private static SampleIterator replica(long[] ts, double[] vs) {
        return new ArraySampleIterator(ts, vs);
    }

    private static List<long[]> drain(SampleIterator it) {
        List<long[]> out = new ArrayList<>();
        while (it.next()) {
            out.add(new long[] {it.timestamp(), (long) it.value()});
        }
        return out;
    }

    @Test
    void mergesReplicasByTimestampFillingEachOnesGaps() {
        // Replica 2 was down at t=20 and t=30; replica 1 missed t=50.
        SampleIterator merged = new ReplicaMergeIterator(List.of(
                replica(new long[] {10, 20, 30, 40}, new double[] {1, 2, 3, 4}),
                replica(new long[] {10, 40, 50}, new double[] {1, 4, 5}),
                replica(new long[] {}, new double[] {})));

        assertThat(drain(merged)).containsExactly(new long[] {10, 1}, new long[] {20, 2}, new long[] {30, 3}, new long[] {40, 4},
                new long[] {50, 5});
    }

    @Test
    void aTimestampOnSeveralReplicasTakesTheFirstReplicasValue() {
        SampleIterator merged = new ReplicaMergeIterator(List.of(
                replica(new long[] {10}, new double[] {7}), replica(new long[] {10}, new double[] {8})));

        assertThat(drain(merged)).containsExactly(new long[] {10, 7});
    }

    @Test
    void seekMovesEveryReplicaAndNeverBackwards() {
        SampleIterator merged = new ReplicaMergeIterator(List.of(
                replica(new long[] {10, 30, 50}, new double[] {1, 3, 5}), replica(new long[] {20, 40}, new double[] {2, 4})));

        assertThat(merged.seek(25)).isTrue();
        assertThat(merged.timestamp()).isEqualTo(30);
        assertThat(merged.seek(5)).as("stays").isTrue();
        assertThat(merged.timestamp()).isEqualTo(30);
        assertThat(merged.next()).isTrue();
        assertThat(merged.timestamp()).isEqualTo(40);
        assertThat(merged.seek(41)).isTrue();
        assertThat(merged.value()).isEqualTo(5);
        assertThat(merged.next()).isFalse();
        assertThat(merged.seek(100)).isFalse();
    }
}
