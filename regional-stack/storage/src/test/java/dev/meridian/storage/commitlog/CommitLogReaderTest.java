package dev.meridian.storage.commitlog;

import static dev.meridian.storage.commitlog.LogRecord.append;
import static dev.meridian.storage.commitlog.LogRecord.payload;
import static dev.meridian.storage.commitlog.LogRecord.replay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.storage.FsyncPolicy;
import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitLogReaderTest {
    private static final CommitLogOptions OPTIONS = CommitLogOptions.of(FsyncPolicy.always()).withSegmentSize(128);

    @TempDir
    Path dir;

    @Test
    void replaysFromAnyRecordBoundary() {
        List<LogRecord> written = write(20);
        for (int i = 0; i < written.size(); i++) {
            LogRecord.Replay replay = replay(dir, written.get(i).position());
            assertThat(replay.records()).as("from record %d", i).containsExactlyElementsOf(written.subList(i, written.size()));
        }
    }

    @Test
    void replayingFromTheEndReadsNothingNew() {
        List<LogRecord> written = write(20);
        ReplayResult all = replay(dir, LogPosition.START).result();

        LogRecord.Replay again = replay(dir, all.end());
        assertThat(again.records()).isEmpty();
        assertThat(again.result().end()).isEqualTo(all.end());

        // The end of a closed segment's last record is where its end marker is: replay moves on to the next segment.
        LogRecord lastOfSegment = written.stream().filter(r -> r.position().segment() == 0).reduce((a, b) -> b).orElseThrow();
        assertThat(replay(dir, lastOfSegment.end()).records()).first().extracting(r -> r.position().segment()).isEqualTo(1L);
    }

    @Test
    void appendsAfterAReplayedEndAreWhatTheNextReplayFromItReads() {
        write(5);
        LogPosition end = replay(dir, LogPosition.START).result().end();
        List<LogRecord> more = new ArrayList<>();
        try (CommitLog log = CommitLog.open(dir, OPTIONS)) {
            for (int i = 0; i < 5; i++) {
                more.add(append(log, payload(100 + i, 25)));
            }
        }
        assertThat(replay(dir, end).records()).containsExactlyElementsOf(more);
    }

    @Test
    void segmentsDeletedBeforeTheStartAreSkipped() {
        List<LogRecord> written = new ArrayList<>();
        try (CommitLog log = CommitLog.open(dir, OPTIONS)) {
            for (int i = 0; i < 20; i++) {
                written.add(append(log, payload(i, 25)));
            }
            log.truncateBefore(written.get(10).position());
        }
        long oldest = written.get(10).position().segment();
        List<LogRecord> kept = written.stream().filter(r -> r.position().segment() >= oldest).toList();
        assertThat(replay(dir, LogPosition.START).records()).containsExactlyElementsOf(kept);
        assertThat(replay(dir, written.get(2).position()).records()).containsExactlyElementsOf(kept);
    }

    @Test
    void aStartBeyondTheLogIsCorruption() throws IOException {
        List<LogRecord> written = write(20);
        LogRecord last = written.get(written.size() - 1);

        assertThatThrownBy(() -> replay(dir, new LogPosition(last.position().segment() + 1, 16)))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo(StorageErrorCode.CORRUPTION))
                .hasMessageContaining("the newest segment is " + last.position().segment());
        Path newest = dir.resolve(SegmentFormat.fileName(last.position().segment()));
        assertThatThrownBy(() -> replay(dir, new LogPosition(last.position().segment(), Files.size(newest) + 1)))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo(StorageErrorCode.CORRUPTION))
                .hasMessageContaining(newest + " from offset " + (Files.size(newest) + 1));
    }

    @Test
    void anEmptyOrMissingDirectoryHasNoRecords() throws IOException {
        ReplayResult missing = replay(dir.resolve("missing"), LogPosition.START).result();
        assertThat(missing.records()).isZero();
        assertThat(missing.end()).isEqualTo(LogPosition.START);

        Files.createFile(dir.resolve("unrelated.txt"));
        assertThat(replay(dir, LogPosition.START).result().records()).isZero();
    }

    @Test
    void recordsLargerThanTheReadBlockRoundTrip() {
        CommitLogOptions options = CommitLogOptions.of(FsyncPolicy.always()).withSegmentSize(16 << 20).withBufferSize(64 << 10);
        List<LogRecord> written = new ArrayList<>();
        try (CommitLog log = CommitLog.open(dir, options)) {
            written.add(append(log, payload(1, 100)));
            written.add(append(log, payload(2, (3 << 20) + 7)));
            written.add(append(log, payload(3, 100)));
            written.add(append(log, payload(4, options.maxPayloadSize())));
        }
        assertThat(replay(dir, LogPosition.START).records()).containsExactlyElementsOf(written);
    }

    @Test
    void theConsumerSeesEachPayloadInPlace() {
        write(3);
        List<Integer> lengths = new ArrayList<>();
        List<byte[]> buffers = new ArrayList<>();
        CommitLogReader.replay(dir, LogPosition.START, (position, buffer, offset, length) -> {
            lengths.add(length);
            buffers.add(buffer);
        });
        assertThat(lengths).containsExactly(25, 25, 25);
        assertThat(buffers).as("one array, not a copy per record").containsOnly(buffers.get(0));
    }

    private List<LogRecord> write(int count) {
        List<LogRecord> written = new ArrayList<>();
        try (CommitLog log = CommitLog.open(dir, OPTIONS)) {
            for (int i = 0; i < count; i++) {
                written.add(append(log, payload(i, 25)));
            }
        }
        return written;
    }
}
