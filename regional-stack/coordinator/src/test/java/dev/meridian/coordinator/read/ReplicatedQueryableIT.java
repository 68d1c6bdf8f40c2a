package dev.meridian.coordinator.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.meridian.coordinator.StorageNodes;
import dev.meridian.coordinator.replication.Consistency;
import dev.meridian.coordinator.replication.NodeWriter;
import dev.meridian.coordinator.replication.ReplicatedWrite;
import dev.meridian.coordinator.replication.ReplicatedWriter;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.MatchType;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.StorageException;
import dev.meridian.promql.value.Matrix;
import dev.meridian.promql.value.Sample;
import dev.meridian.promql.value.Vector;
import dev.meridian.storage.WriteBatch;
import dev.meridian.storage.series.SeriesLabels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PromQL over three real storage nodes (RF=3) through {@link ReplicatedQueryable}: the same
 * answers with all nodes up and with one down (for one and majority), and a named error for all.
 */
class ReplicatedQueryableIT {
    private static final int SHARDS = 64;
    private static final int SERIES = 100;
    private static final int SAMPLES = 20;
    private static final long STEP = 15_000;

    @TempDir
    Path dir;

    private StorageNodes nodes;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Engine engine = new Engine(EngineConfig.defaults());
    private long end;

    private void writeData() throws Exception {
        nodes = new StorageNodes(dir, 3, SHARDS, 3);
        end = System.currentTimeMillis() / STEP * STEP;
        Map<Integer, WriteBatch> byShard = new HashMap<>();
        for (int i = 0; i < SERIES; i++) {
            SeriesLabels labels = SeriesLabels.of("__name__", "requests_total", "instance", "host-" + i, "job", "api");
            long[] ts = new long[SAMPLES];
            double[] vs = new double[SAMPLES];
            for (int k = 0; k < SAMPLES; k++) {
                ts[k] = end - (SAMPLES - 1 - k) * STEP;
                vs[k] = (i + 1) * k;
            }
            byShard.computeIfAbsent(labels.shard(SHARDS), s -> new WriteBatch()).add(labels, ts, vs, SAMPLES);
        }
        ReplicatedWrite written = new ReplicatedWriter(nodes.placement(), node -> NodeWriter.of(nodes.client(node)), Consistency.ALL,
                Duration.ofSeconds(20), executor).write("raw", byShard);
        assertThat(written.acknowledged()).as("%s", written.failedShards()).isTrue();
    }

    @AfterEach
    void stop() {
        if (nodes != null) {
            nodes.close();
        }
        executor.shutdownNow();
    }

    private ReplicatedQueryable region(Consistency consistency) {
        return new ReplicatedQueryable(nodes.placement(), node -> NodeReader.of(nodes.client(node)), "raw", consistency,
                Duration.ofSeconds(10), executor);
    }

    private double sumRate(ReplicatedQueryable region) {
        Vector v = (Vector) engine.instantQuery(region, "sum(rate(requests_total[2m]))", end).execute().value();
        return v.samples().get(0).value();
    }

    @Test
    void answersLikeOneStoreAndSurvivesALostNodeUnlessAllAreRequired() throws Exception {
        writeData();
        // Each series grows by (i + 1) per 15s step: the rate sums to 5050 / 15 per second.
        double expected = SERIES * (SERIES + 1) / 2.0 / 15.0;
        assertThat(sumRate(region(Consistency.ALL))).isCloseTo(expected, offset(1e-9));
        Matrix range = (Matrix) engine.rangeQuery(region(Consistency.MAJORITY), "requests_total{instance=\"host-7\"}",
                end - (SAMPLES - 1) * STEP, end, STEP).execute().value();
        assertThat(range.series()).singleElement().satisfies(s -> assertThat(s.size()).isEqualTo(SAMPLES));
        try (Querier q = region(Consistency.MAJORITY).querier(end - 3_600_000, end)) {
            assertThat(q.labelValues("instance", List.of())).hasSize(SERIES).startsWith("host-0", "host-1", "host-10");
            assertThat(q.labelNames(List.of(LabelMatcher.of(MatchType.EQUAL, "job", "api"))))
                    .containsExactly("__name__", "instance", "job");
        }

        nodes.stopServer(2);

        assertThat(sumRate(region(Consistency.MAJORITY))).isCloseTo(expected, offset(1e-9));
        assertThat(sumRate(region(Consistency.ONE))).isCloseTo(expected, offset(1e-9));
        Vector count = (Vector) engine.instantQuery(region(Consistency.ONE), "count(requests_total)", end).execute().value();
        assertThat(count.samples()).extracting(Sample::value).containsExactly((double) SERIES);
        assertThatThrownBy(() -> sumRate(region(Consistency.ALL)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot read series at consistency all: 64 of 64 shards have fewer than 3 answering replicas")
                .hasMessageContaining("node-3 (127.0.0.1:" + nodes.placement().nodes().get(2).port() + "): ");
    }
}
