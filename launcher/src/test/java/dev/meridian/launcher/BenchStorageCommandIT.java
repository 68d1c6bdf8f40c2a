package dev.meridian.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code meridian bench storage} in-process on a small fleet, including the recovery phase
 * with a real storage node process that it SIGKILLs. An IT because it starts JVMs.
 */
class BenchStorageCommandIT {
    @Test
    void printsTheIngestAndRecoveryFiguresAsNameValueLines() {
        CommandRun run = CommandRun.of("bench", "storage", "--series", "660", "--hours", "1", "--rotations", "0",
                "--recovery-samples", "100000", "--block-minutes", "10", "--buffer-past-minutes", "2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).allMatch(line -> line.matches("storage\\.[a-z_.0-9]+=\\S+"))
                .contains("storage.dataset.series=660", "storage.dataset.samples=237600", "storage.config.block_size=PT10M")
                .noneMatch(line -> line.startsWith("storage.rotation"));
        for (String figure : List.of("append_samples_per_sec", "bytes_per_sample", "heap_bytes_per_series", "recovery_seconds",
                "replay_samples_per_sec")) {
            assertThat(lines).as(figure).anyMatch(line -> line.startsWith("storage." + figure + "="));
        }
        // 100,000 samples over 660 series: 152 whole rounds, all in the log when the node was killed.
        assertThat(lines).contains("storage.recovery.log_samples=100320", "storage.recovery.replayed_samples=100320");
    }

    @Test
    void recoverySamplesThatDoNotFitTheHeadAreAUsageError() {
        CommandRun run = CommandRun.of("bench", "storage", "--series", "330", "--recovery-samples", "1000000");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("1000000 recovery samples over 330 series take 3031 scrape rounds");
    }

    @Test
    void invalidSizesAreUsageErrorsNamingTheValue() {
        CommandRun run = CommandRun.of("bench", "storage", "--hours", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("hours must be > 0 (got: 0)");
    }
}
