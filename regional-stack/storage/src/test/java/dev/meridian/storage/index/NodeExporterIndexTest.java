package dev.meridian.storage.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.labels.MatchType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/**
 * 100,000 node-exporter series in the head's index and, flushed through the source-reading writer,
 * in a block index: typical dashboard selectors select what they should in both.
 */
class NodeExporterIndexTest {
    static final int INSTANCES = 1000;

    /** Typical selectors and how many of the 100,000 series each selects. */
    static final Map<List<LabelMatcher>, Integer> SELECTORS = Map.of(
            List.of(LabelMatcher.equal("__name__", "node_cpu_seconds_total")), 64_000,
            List.of(LabelMatcher.equal("__name__", "node_cpu_seconds_total"), LabelMatcher.equal("mode", "idle")), 8_000,
            List.of(LabelMatcher.equal("__name__", "node_cpu_seconds_total"), LabelMatcher.equal("instance", "10.0.1.7:9100"),
                    LabelMatcher.of(MatchType.NOT_EQUAL, "mode", "idle")), 56,
            List.of(LabelMatcher.equal("__name__", "node_load1"), LabelMatcher.of(MatchType.REGEX, "job", "node-1|node-2")), 200,
            List.of(LabelMatcher.of(MatchType.REGEX, "instance", "10\\.0\\.1\\..*"), LabelMatcher.equal("__name__", "node_load5")), 250,
            List.of(LabelMatcher.of(MatchType.REGEX, "__name__", "node_disk_.*"), LabelMatcher.of(MatchType.NOT_REGEX, "device", "sd.*")), 9_000,
            List.of(LabelMatcher.of(MatchType.REGEX, "instance", ".*:9100"), LabelMatcher.equal("fstype", "ext4")), 1_000,
            List.of(LabelMatcher.equal("mountpoint", ""), LabelMatcher.of(MatchType.REGEX, "device", ".+")), 25_000,
            List.of(LabelMatcher.of(MatchType.REGEX, "job", ".*"), LabelMatcher.equal("cpu", "")), 36_000);

    @TempDir
    Path dir;

    @Test
    void typicalSelectorsOnTheHeadAndTheBlock() {
        List<Labels> series = NodeExporterSeries.fleet(INSTANCES);
        assertThat(series).hasSize(100_000);
        MemIndex head = new MemIndex();
        for (int ref = 0; ref < series.size(); ref++) {
            head.add(ref, series.get(ref));
        }

        List<Integer> byLabels = new ArrayList<>();
        for (int ref = 0; ref < series.size(); ref++) {
            byLabels.add(ref);
        }
        byLabels.sort(Comparator.comparing(series::get));
        int[] blockRefOfHeadRef = new int[series.size()];
        Path file = dir.resolve("index");
        try (IndexWriter writer = IndexWriter.create(file, head)) {
            for (int headRef : byLabels) {
                blockRefOfHeadRef[headRef] = writer.addSeries(headRef, series.get(headRef), List.of(new ChunkMeta(0, 7_199_999, headRef)));
            }
            writer.finish();
        }

        try (IndexFile block = IndexFile.open(file)) {
            assertThat(block.seriesCount()).isEqualTo(series.size());
            SELECTORS.forEach((matchers, count) -> {
                RoaringBitmap inHead = head.select(matchers);
                assertThat(inHead.getCardinality()).as("head %s", matchers).isEqualTo(count);
                RoaringBitmap expectedInBlock = new RoaringBitmap();
                inHead.forEach((int headRef) -> expectedInBlock.add(blockRefOfHeadRef[headRef]));
                assertThat(block.select(matchers)).as("block %s", matchers).isEqualTo(expectedInBlock);
            });
            assertThat(block.labelValues("job", null)).hasSize(NodeExporterSeries.JOBS).isEqualTo(head.labelValues("job", null));
            RoaringBitmap oneJob = block.select(List.of(LabelMatcher.equal("job", "node-3")));
            assertThat(block.labelValues("instance", oneJob)).hasSize(INSTANCES / NodeExporterSeries.JOBS);
            int someHeadRef = 12_345;
            assertThat(block.labels(blockRefOfHeadRef[someHeadRef])).isEqualTo(series.get(someHeadRef));
            assertThat(block.chunks(blockRefOfHeadRef[someHeadRef])).containsExactly(new ChunkMeta(0, 7_199_999, someHeadRef));
        }
    }
}
