package dev.meridian.benchmarks.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.storage.chunk.ChunkEncoding;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process phases on a small fleet: checks that every sample written reaches the blocks and
 * the figures are computed from what was measured, not how fast this machine is.
 */
class StorageBenchTest {
    @TempDir
    Path work;

    /** 10 hosts (3,300 series), 10-minute blocks with 2 minutes bufferPast, 2 writers, 500-series batches. */
    private static StorageBenchConfig small(int hours, int rotations) {
        return new StorageBenchConfig(3_300, hours, rotations, Duration.ofMinutes(10), Duration.ofMinutes(2), 2, 500, 0, 7L,
                ChunkEncoding.TSZ);
    }

    @Test
    void ingestWritesEverySampleAndFlushesThemAllToBlocks() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        StorageBench bench = new StorageBench(small(1, 0), work, new PrintStream(progress, true, StandardCharsets.UTF_8));

        StorageBench.IngestFigures f = bench.ingest();

        assertThat(f.series()).isEqualTo(3_300);
        assertThat(f.rounds()).isEqualTo(360);
        assertThat(f.samples()).isEqualTo(3_300L * 360);
        assertThat(f.blockSamples()).isEqualTo(f.samples());
        // Six 10-minute blocks, some perhaps compacted together: each holds every series.
        assertThat(f.blockSeries()).isBetween(3_300L, 6L * 3_300);
        assertThat(f.blockSeries() % 3_300).isZero();
        assertThat(f.blockBytes()).isEqualTo(f.chunkBytes() + f.indexBytes());
        // Loose bounds that still catch a broken encoder (raw samples are 16 bytes) or index.
        assertThat(f.bytesPerSample()).isBetween(0.3, 4.0);
        assertThat(f.appendSamplesPerSec()).isPositive();
        assertThat(f.heapBytesPerSeries()).isPositive();
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("ingest: 3300 series x 360 rounds");
        assertThat(leftovers()).as("the engine's directory is deleted").isEmpty();
    }

    @Test
    void rotationRunsThroughEveryFlushAndComparesRotationWithSteadyState() throws Exception {
        // Ten 10-minute blocks of 10 hosts would pass in a second: 3 ms per scrape round and a
        // 1 ms tick let flushes keep up with the simulated clock, as they do at scale, and the heap
        // sampler's full collections leave the query thread room to run in and out of rotations.
        StorageBenchConfig config = new StorageBenchConfig(3_300, 1, 10, Duration.ofMinutes(10), Duration.ofMinutes(2), 2, 500, 0,
                7L, ChunkEncoding.TSZ);
        StorageBench bench = new StorageBench(config, work, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new StorageBench.Pacing(Duration.ofMillis(20), Duration.ofMillis(1), Duration.ofMillis(1),
                Duration.ofMillis(3)));

        StorageBench.RotationFigures f = bench.rotation();

        assertThat(f.rotations()).isEqualTo(10);
        assertThat(f.steadyQueries()).isPositive();
        assertThat(f.rotationQueries()).isPositive();
        assertThat(f.heapSamples()).isPositive();
        assertThat(f.peakHeapBytes()).isGreaterThanOrEqualTo(f.steadyHeapBytes()).isPositive();
        // Measured, not derived: ten rotations of 3,300 series must not move the live heap much (a
        // flush that built a second index, or a sampler counting garbage, would).
        assertThat(f.peakOverSteady()).as("peak %d over steady %d", f.peakHeapBytes(), f.steadyHeapBytes()).isBetween(1.0, 1.5);
        assertThat(f.steadyQueryP50Millis()).isPositive().isLessThanOrEqualTo(f.steadyQueryP99Millis());
        assertThat(f.rotationQueryP50Millis()).isPositive().isLessThanOrEqualTo(f.rotationQueryP99Millis());
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void theReportNamesEveryFigureOfThePhasesThatRan() throws Exception {
        StorageBenchConfig config = small(1, 0);
        StorageBench.IngestFigures ingest = new StorageBench(config, work, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)).ingest();

        StorageBenchReport report = new StorageBenchReport(config, 2, 0.5, Double.NaN, ingest, null, null);

        assertThat(report.lines()).allMatch(line -> line.matches("storage\\.[a-z_.0-9]+=\\S+"))
                .contains("storage.machine.cpus=2", "storage.machine.load_after=NaN", "storage.dataset.series=3300",
                        "storage.dataset.samples=1188000", "storage.config.block_size=PT10M", "storage.config.encoding=tsz")
                .anyMatch(line -> line.startsWith("storage.append_samples_per_sec="))
                .anyMatch(line -> line.startsWith("storage.bytes_per_sample="))
                .anyMatch(line -> line.startsWith("storage.heap_bytes_per_series="))
                .noneMatch(line -> line.startsWith("storage.rotation"))
                .noneMatch(line -> line.startsWith("storage.recovery"));
    }

    private Stream<Path> leftovers() throws Exception {
        try (Stream<Path> files = Files.list(work)) {
            return files.toList().stream();
        }
    }
}
