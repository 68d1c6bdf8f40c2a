package dev.meridian.storage.commitlog;

import static dev.meridian.storage.commitlog.LogRecord.payload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.storage.FsyncPolicy;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitLogMetersTest {
    @TempDir
    Path dir;

    @Test
    void countsWhatTheLogDoes() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CommitLogMeters meters = new CommitLogMeters(registry, Tags.of("namespace", "raw"));
        CommitLogStats stats;
        try (CommitLog log = CommitLog.open(dir, CommitLogOptions.of(FsyncPolicy.always()).withSegmentSize(100).withListener(meters))) {
            meters.monitor(log);
            for (int i = 0; i < 4; i++) {
                log.append(payload(i, 40));
            }
            assertThat(registry.get("meridian.storage.commitlog.segments").tag("namespace", "raw").gauge().value()).isEqualTo(4);
            assertThat(registry.get("meridian.storage.commitlog.buffered").gauge().value()).isZero();
            stats = log.stats();
        }
        assertThat(registry.get("meridian.storage.commitlog.records.written").counter().count()).isEqualTo(4);
        assertThat(registry.get("meridian.storage.commitlog.written").counter().count()).isEqualTo(4 * 48);
        assertThat(registry.get("meridian.storage.commitlog.fsync").timer().count()).isEqualTo(stats.fsyncs()).isEqualTo(7);
        assertThat(registry.get("meridian.storage.commitlog.failures").counter().count()).isZero();
    }

    @Test
    void countsTruncatedTails() throws IOException {
        try (CommitLog log = CommitLog.open(dir, CommitLogOptions.of(FsyncPolicy.always()))) {
            log.append(payload(1, 40));
        }
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve(SegmentFormat.fileName(0)).toFile(), "rw")) {
            file.setLength(file.length() + 100);
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CommitLogMeters meters = new CommitLogMeters(registry, Tags.empty());
        CommitLog.open(dir, CommitLogOptions.of(FsyncPolicy.always()).withListener(meters)).close();

        assertThat(registry.get("meridian.storage.commitlog.tail.truncations").counter().count()).isEqualTo(1);
        assertThat(registry.get("meridian.storage.commitlog.tail.discarded").counter().count()).isEqualTo(100);
    }
}
