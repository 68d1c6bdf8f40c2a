package dev.meridian.benchmarks.storage;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one {@code meridian bench storage} run as {@code name=value} lines. Phases that
 * did not run are left out.
 */
public record StorageBenchReport(StorageBenchConfig config, int cpus, double loadBefore, double loadAfter,
        StorageBench.IngestFigures ingest, StorageBench.RotationFigures rotation, RecoveryBench.RecoveryFigures recovery) {
    public StorageBenchReport {
        requireNonNull(config, "config is null");
    }

    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("storage.machine.cpus=" + cpus);
        lines.add("storage.machine.load_before=" + fmt(loadBefore));
        lines.add("storage.machine.load_after=" + fmt(loadAfter));
        lines.add("storage.config.writers=" + config.writers());
        lines.add("storage.config.batch_series=" + config.batchSeries());
        lines.add("storage.config.block_size=" + config.blockSize());
        lines.add("storage.config.encoding=" + config.encoding().name().toLowerCase(Locale.ROOT));
        if (ingest != null) {
            lines.add("storage.dataset.series=" + ingest.series());
            lines.add("storage.dataset.hours=" + config.hours());
            lines.add("storage.dataset.samples=" + ingest.samples());
            lines.add("storage.append_samples_per_sec=" + Math.round(ingest.appendSamplesPerSec()));
            lines.add("storage.heap_bytes_per_series=" + Math.round(ingest.heapBytesPerSeries()));
            lines.add("storage.bytes_per_sample=" + fmt(ingest.bytesPerSample()));
            lines.add("storage.chunk_bytes_per_sample=" + fmt((double) ingest.chunkBytes() / ingest.blockSamples()));
            lines.add("storage.index_bytes_per_series=" + fmt((double) ingest.indexBytes() / ingest.blockSeries()));
        }
        if (rotation != null) {
            lines.add("storage.rotation.rotations=" + rotation.rotations());
            lines.add("storage.rotation.heap_samples=" + rotation.heapSamples());
            lines.add("storage.rotation.steady_heap_bytes=" + rotation.steadyHeapBytes());
            lines.add("storage.rotation.peak_heap_bytes=" + rotation.peakHeapBytes());
            lines.add("storage.rotation_peak_over_steady=" + fmt(rotation.peakOverSteady()));
            lines.add("storage.rotation.steady_queries=" + rotation.steadyQueries());
            lines.add("storage.rotation.rotation_queries=" + rotation.rotationQueries());
            lines.add("storage.rotation.steady_query_p50_ms=" + fmt(rotation.steadyQueryP50Millis()));
            lines.add("storage.rotation.rotation_query_p50_ms=" + fmt(rotation.rotationQueryP50Millis()));
            lines.add("storage.rotation.steady_query_p99_ms=" + fmt(rotation.steadyQueryP99Millis()));
            lines.add("storage.rotation.rotation_query_p99_ms=" + fmt(rotation.rotationQueryP99Millis()));
            lines.add("storage.rotation_query_p99_over_steady=" + fmt(rotation.queryP99OverSteady()));
        }
        if (recovery != null) {
            lines.add("storage.recovery.log_samples=" + recovery.logSamples());
            lines.add("storage.recovery.replayed_samples=" + recovery.replayedSamples());
            lines.add("storage.recovery_seconds=" + fmt(recovery.recoverySeconds()));
            lines.add("storage.replay_samples_per_sec=" + Math.round(recovery.replaySamplesPerSec()));
            lines.add("storage.recovery.snapshot_restart_seconds=" + fmt(recovery.snapshotRestartSeconds()));
        }
        return lines;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.3f", v);
    }
}
