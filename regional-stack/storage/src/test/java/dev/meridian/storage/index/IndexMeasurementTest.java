package dev.meridian.storage.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.labels.MatchType;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/**
 * Measures the indexes on 100,000 node-exporter series and prints {@code name=value} lines: heap
 * per series of {@link MemIndex} (measured and as {@link MemIndex#retainedBytes} estimates it),
 * select latencies per selector shape, bytes per series on disk. Off by default (it measures, it
 * does not test); run it with
 *
 * <pre>
 * ./mvnw -pl regional-stack/storage -am test -Dtest=IndexMeasurementTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dmeridian.index.measure=true
 * </pre>
 *
 * The only assertion is that {@link MemIndex#retainedBytes} is within 25% of the measured heap.
 */
@EnabledIfSystemProperty(named = "meridian.index.measure", matches = "true")
class IndexMeasurementTest {
    private static final int INSTANCES = 1000;

    @TempDir
    Path dir;

    @Test
    void measure() throws IOException {
        int series = INSTANCES * NodeExporterSeries.SERIES_PER_INSTANCE;
        long before = usedHeap();
        MemIndex index = new MemIndex();
        int ref = 0;
        for (int i = 0; i < INSTANCES; i++) {
            for (Labels labels : NodeExporterSeries.ofInstance(i)) {
                index.add(ref++, labels); // The labels are dropped: only the index stays.
            }
        }
        long measured = usedHeap() - before;
        long estimated = index.retainedBytes();
        print("memindex_heap_bytes_per_series", (double) measured / series);
        print("memindex_retained_bytes_estimate_per_series", (double) estimated / series);

        // What the head adds to keep each series' labels, with the strings the index interned.
        Labels[] headLabels = new Labels[series];
        long beforeLabels = usedHeap();
        ref = 0;
        for (int i = 0; i < INSTANCES; i++) {
            for (Labels labels : NodeExporterSeries.ofInstance(i)) {
                index.remove(ref, labels);
                headLabels[ref] = index.add(ref, labels);
                ref++;
            }
        }
        print("head_interned_labels_bytes_per_series", (double) (usedHeap() - beforeLabels) / series);

        Integer[] order = new Integer[series];
        for (int r = 0; r < series; r++) {
            order[r] = r;
        }
        Arrays.sort(order, Comparator.comparing(r -> headLabels[r]));

        Path file = dir.resolve("index");
        long beforeWriter = usedHeap();
        try (IndexWriter writer = IndexWriter.create(file, index)) {
            for (int headRef : order) {
                writer.addSeries(headRef, headLabels[headRef], chunks(headRef));
            }
            print("writer_from_source_heap_bytes_per_series_before_finish", (double) (usedHeap() - beforeWriter) / series);
            writer.finish();
        }
        Path collectedFile = dir.resolve("collected");
        beforeWriter = usedHeap();
        try (IndexWriter writer = IndexWriter.create(collectedFile)) {
            for (int headRef : order) {
                writer.addSeries(headLabels[headRef], chunks(headRef));
            }
            print("writer_collecting_heap_bytes_per_series_before_finish", (double) (usedHeap() - beforeWriter) / series);
            writer.finish();
        }
        // The head keeps its labels; without this the JIT may let them go once they are last used.
        Reference.reachabilityFence(headLabels);
        Reference.reachabilityFence(order);

        print("index_file_bytes_per_series_4_chunks", (double) Files.size(file) / series);
        printSections(file, series);

        Map<String, List<LabelMatcher>> selectors = new LinkedHashMap<>();
        selectors.put("eq_name_64k", List.of(LabelMatcher.equal("__name__", "node_cpu_seconds_total")));
        selectors.put("eq_name_eq_mode_8k", List.of(LabelMatcher.equal("__name__", "node_cpu_seconds_total"), LabelMatcher.equal("mode", "idle")));
        selectors.put("eq_name_eq_instance_neq_mode_56", List.of(LabelMatcher.equal("__name__", "node_cpu_seconds_total"),
                LabelMatcher.equal("instance", "10.0.1.7:9100"), LabelMatcher.of(MatchType.NOT_EQUAL, "mode", "idle")));
        selectors.put("alternation_job_eq_name_200", List.of(LabelMatcher.equal("__name__", "node_load1"),
                LabelMatcher.of(MatchType.REGEX, "job", "node-1|node-2")));
        selectors.put("prefix_instance_25k", List.of(LabelMatcher.of(MatchType.REGEX, "instance", "10\\.0\\.1\\..*")));
        selectors.put("prefix_name_nregex_device_9k", List.of(LabelMatcher.of(MatchType.REGEX, "__name__", "node_disk_.*"),
                LabelMatcher.of(MatchType.NOT_REGEX, "device", "sd.*")));
        selectors.put("scan_instance_1000_values_100k", List.of(LabelMatcher.of(MatchType.REGEX, "instance", ".*:9100")));
        selectors.put("dotplus_device_30k", List.of(LabelMatcher.of(MatchType.REGEX, "device", ".+")));
        selectors.put("eq_empty_cpu_36k", List.of(LabelMatcher.equal("cpu", "")));

        try (IndexFile block = IndexFile.open(file)) {
            for (Map.Entry<String, List<LabelMatcher>> selector : selectors.entrySet()) {
                time("select_mem_" + selector.getKey(), () -> index.select(selector.getValue()));
                time("select_file_" + selector.getKey(), () -> block.select(selector.getValue()));
            }
            RoaringBitmap oneJob = index.select(List.of(LabelMatcher.equal("job", "node-3")));
            time("label_values_instance_of_job_mem", () -> index.labelValues("instance", oneJob));
            time("label_values_instance_of_job_file", () -> block.labelValues("instance", oneJob));
            time("labels_file_per_series", () -> block.labels(54_321));
        }

        assertThat((double) estimated).isBetween(measured * 0.75, measured * 1.25);
    }

    /**
     * 100,000 series with a label unique to each (a pod name), 100 pods per deployment: here every
     * value costs a string, a tree entry and a bitmap.
     */
    @Test
    void measureHighCardinality() {
        int series = 100_000;
        long before = usedHeap();
        MemIndex index = new MemIndex();
        for (int ref = 0; ref < series; ref++) {
            String deployment = "deployment-" + (ref / 100);
            index.add(ref, Labels.of("__name__", "container_memory_working_set_bytes", "namespace", "ns-" + (ref % 20),
                    "deployment", deployment, "pod", deployment + "-7d9f8c6b5-" + Integer.toString(ref * 7919 % 100_000, 36)));
        }
        long measured = usedHeap() - before;
        long estimated = index.retainedBytes();
        print("memindex_unique_pod_heap_bytes_per_series", (double) measured / series);
        print("memindex_unique_pod_retained_bytes_estimate_per_series", (double) estimated / series);
        assertThat((double) estimated).isBetween(measured * 0.75, measured * 1.25);
    }

    private static List<ChunkMeta> chunks(int headRef) {
        // A 2h block at a 15s interval: 480 samples in 4 chunks of 120, about 150 bytes each.
        List<ChunkMeta> chunks = new ArrayList<>(4);
        for (int c = 0; c < 4; c++) {
            chunks.add(new ChunkMeta(c * 1_800_000L, c * 1_800_000L + 1_785_000, (headRef * 4L + c) * 150));
        }
        return chunks;
    }

    private static void printSections(Path file, int series) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer toc = ByteBuffer.allocate(IndexFormat.TOC_BYTES);
            channel.read(toc, channel.size() - IndexFormat.TOC_BYTES);
            for (IndexFormat.Section section : IndexFormat.Section.values()) {
                long length = toc.getLong(16 * section.ordinal() + 8);
                print("index_file_" + section.name().toLowerCase(Locale.ROOT) + "_bytes_per_series", (double) length / series);
            }
        }
    }

    /** Prints the mean time per call in microseconds, after a warm-up. */
    private static void time(String name, Supplier<?> call) {
        Object sink = null;
        for (int i = 0; i < 300; i++) {
            sink = call.get();
        }
        int iterations = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            sink = call.get();
            iterations++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < 500_000_000L || iterations < 20);
        print(name + "_us", elapsed / 1000.0 / iterations);
        assertThat(sink).isNotNull();
    }

    private static long usedHeap() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void print(String name, double value) {
        System.out.printf(Locale.ROOT, "%s=%.2f%n", name, value);
    }
}
