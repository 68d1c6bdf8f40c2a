package dev.meridian.launcher;

import dev.meridian.benchmarks.MachineLoad;
import dev.meridian.benchmarks.storage.RecoveryBench;
import dev.meridian.benchmarks.storage.StorageBench;
import dev.meridian.benchmarks.storage.StorageBenchConfig;
import dev.meridian.benchmarks.storage.StorageBenchReport;
import dev.meridian.storage.chunk.ChunkEncoding;
import dev.meridian.storage.files.DurableFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code meridian bench storage}: the storage engine on a node-exporter fleet — append rate,
 * bytes per sample, heap per series, heap and query latency across index-block rotations, and
 * recovery after SIGKILL ({@link StorageBench}, {@link RecoveryBench}). Prints {@code name=value}
 * lines on stdout, progress on stderr.
 */
@Command(
        name = "storage",
        description = {
            "Benchmark the storage engine on a deterministic node-exporter fleet (10s scrapes, fixed seed).",
            "Phases: ingest (append_samples_per_sec, heap_bytes_per_series, bytes_per_sample after flush),",
            "rotation (rotation_peak_over_steady, rotation_query_p99_over_steady over simulated block flushes),",
            "recovery (a node process is SIGKILLed with the samples in its commit log: recovery_seconds,",
            "replay_samples_per_sec).",
            "Prints name=value lines; progress goes to stderr."
        },
        mixinStandardHelpOptions = true,
        versionProvider = MeridianVersion.class,
        sortOptions = false)
final class BenchStorageCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--series", paramLabel = "N",
            description = "Series, rounded up to whole hosts of 330 (default: ${DEFAULT-VALUE}).")
    private int series = StorageBenchConfig.DEFAULT_SERIES;

    @Option(names = "--hours", paramLabel = "H", description = "Hours of data in the ingest phase (default: ${DEFAULT-VALUE}).")
    private int hours = StorageBenchConfig.DEFAULT_HOURS;

    @Option(names = "--rotations", paramLabel = "N",
            description = "Block flushes in the rotation phase; 0 skips it (default: ${DEFAULT-VALUE}).")
    private int rotations = StorageBenchConfig.DEFAULT_ROTATIONS;

    @Option(names = "--recovery-samples", paramLabel = "N",
            description = "Samples in the commit log when the node is killed; 0 skips the phase (default: ${DEFAULT-VALUE}).")
    private long recoverySamples = StorageBenchConfig.DEFAULT_RECOVERY_SAMPLES;

    @Option(names = "--writers", paramLabel = "N", description = "Writing threads (default: ${DEFAULT-VALUE}).")
    private int writers = StorageBenchConfig.defaults().writers();

    @Option(names = "--encoding", paramLabel = "ENCODING",
            description = "Chunk encoding of the in-process phases: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private ChunkEncoding encoding = StorageBenchConfig.defaults().encoding();

    @Option(names = "--block-minutes", paramLabel = "MINUTES", hidden = true,
            description = "Block size in minutes (tests use small blocks).")
    private int blockMinutes = (int) StorageBenchConfig.defaults().blockSize().toMinutes();

    @Option(names = "--buffer-past-minutes", paramLabel = "MINUTES", hidden = true,
            description = "bufferPast in minutes (tests use small blocks).")
    private int bufferPastMinutes = (int) StorageBenchConfig.defaults().bufferPast().toMinutes();

    @Override
    public Integer call() throws Exception {
        StorageBenchConfig config;
        try {
            StorageBenchConfig d = StorageBenchConfig.defaults();
            config = new StorageBenchConfig(series, hours, rotations, Duration.ofMinutes(blockMinutes),
                    Duration.ofMinutes(bufferPastMinutes), writers, d.batchSeries(), recoverySamples, d.seed(), encoding);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Path work = Files.createTempDirectory("meridian-bench-storage");
        try {
            RecoveryBench recoveryBench = null;
            if (recoverySamples > 0) {
                try {
                    recoveryBench = new RecoveryBench(config, file -> new ProcessNode(file, work), work, System.err);
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), e.getMessage(), e);
                }
            }
            double loadBefore = MachineLoad.averageOverOneMinute();
            StorageBench bench = new StorageBench(config, work, System.err);
            StorageBench.IngestFigures ingest = bench.ingest();
            StorageBench.RotationFigures rotation = rotations > 0 ? bench.rotation() : null;
            RecoveryBench.RecoveryFigures recovery = recoveryBench != null ? recoveryBench.run() : null;
            StorageBenchReport report = new StorageBenchReport(config, Runtime.getRuntime().availableProcessors(), loadBefore,
                    MachineLoad.averageOverOneMinute(), ingest, rotation, recovery);
            PrintWriter out = spec.commandLine().getOut();
            report.lines().forEach(out::println);
            out.flush();
            return 0;
        } finally {
            DurableFiles.deleteRecursively(work);
        }
    }


    /** A storage node in a child JVM. */
    private static final class ProcessNode implements RecoveryBench.Node {
        private final MeridianProcess process;
        private final int port;

        ProcessNode(Path config, Path work) throws InterruptedException {
            process = MeridianProcess.start(work.resolve("node.log"), List.of("-Xmx4g"), "storage", "--config", config.toString());
            String address = process.await("storage.address", Duration.ofMinutes(2));
            port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public void kill() throws InterruptedException {
            process.kill();
        }

        @Override
        public void stop() throws InterruptedException {
            process.stop(Duration.ofMinutes(2));
        }

        @Override
        public void close() {
            process.close();
        }
    }
}
