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
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes simulated by damaging the files of a small closed log at every byte offset: replay must
 * return exactly the records before the damage when it is in the newest segment (and a reopened
 * log must append right after them), and must fail naming the file when it is in an older one.
 */
class CommitLogRecoveryTest {
    private static final long SEGMENT_SIZE = 160;

    @TempDir
    Path tmp;

    private Path pristine;
    private final List<LogRecord> written = new ArrayList<>();

    @BeforeEach
    void writeLog() {
        pristine = tmp.resolve("pristine");
        try (CommitLog log = CommitLog.open(pristine, options())) {
            int[] lengths = {30, 50, 12, 70, 5, 40, 33, 1, 60, 20, 9, 44, 10, 25, 3};
            for (int i = 0; i < lengths.length; i++) {
                written.add(append(log, payload(i, lengths[i])));
            }
        }
        assertThat(written.get(written.size() - 1).position().segment()).as("the fixture spans segments").isEqualTo(newest());
        assertThat(newest()).isGreaterThanOrEqualTo(2);
        assertThat(recordsIn(newest())).as("the newest segment holds several records").hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void truncatingTheNewestSegmentAnywhereKeepsTheRecordsBeforeTheCut() throws IOException {
        long size = Files.size(segmentFile(pristine, newest()));
        for (long cut = 0; cut <= size; cut++) {
            Path dir = copyOfPristine("truncate-" + cut);
            try (RandomAccessFile file = new RandomAccessFile(segmentFile(dir, newest()).toFile(), "rw")) {
                file.setLength(cut);
            }
            expectRecoveryAt(dir, cut, "cut at " + cut);
        }
    }

    @Test
    void garblingAnyByteOfTheNewestSegmentKeepsTheRecordsBeforeIt() throws IOException {
        long size = Files.size(segmentFile(pristine, newest()));
        for (long at = 0; at < size; at++) {
            Path dir = copyOfPristine("garble-" + at);
            flipByte(segmentFile(dir, newest()), at);
            expectRecoveryAt(dir, at, "byte " + at + " garbled");
        }
    }

    @Test
    void zeroFillingTheNewestSegmentFromAnyOffsetKeepsTheRecordsBeforeIt() throws IOException {
        long size = Files.size(segmentFile(pristine, newest()));
        for (long from = 0; from <= size; from++) {
            Path dir = copyOfPristine("zero-" + from);
            try (RandomAccessFile file = new RandomAccessFile(segmentFile(dir, newest()).toFile(), "rw")) {
                file.seek(from);
                file.write(new byte[(int) (size - from)]);
            }
            expectRecoveryAt(dir, from, "zeros from " + from);
        }
    }

    @Test
    void zeroPaddingAfterTheLastRecordIsCutOff() throws IOException {
        for (int padding : new int[] {1, 7, 8, 9, 100, 4096}) {
            Path dir = copyOfPristine("pad-" + padding);
            Path newest = segmentFile(dir, newest());
            long size = Files.size(newest);
            try (RandomAccessFile file = new RandomAccessFile(newest.toFile(), "rw")) {
                file.setLength(size + padding);
            }
            LogRecord.Replay replay = replay(dir, LogPosition.START);
            assertThat(replay.records()).containsExactlyElementsOf(written);
            assertThat(replay.result().tailDamage()).hasValueSatisfying(damage -> {
                assertThat(damage.offset()).isEqualTo(size);
                assertThat(damage.discardedBytes()).isEqualTo(padding);
                assertThat(damage.file()).isEqualTo(newest);
            });
            expectReopenAppendsAfter(dir, written, "padding " + padding);
            assertThat(Files.size(newest)).isLessThanOrEqualTo(SEGMENT_SIZE);
        }
    }

    @Test
    void truncatingAnOlderSegmentAnywhereIsCorruption() throws IOException {
        for (long segment = 0; segment < newest(); segment++) {
            long size = Files.size(segmentFile(pristine, segment));
            for (long cut = 0; cut < size; cut++) {
                Path dir = copyOfPristine("truncate-old-" + segment + "-" + cut);
                Path file = segmentFile(dir, segment);
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                    raf.setLength(cut);
                }
                expectCorruption(dir, file, "segment " + segment + " cut at " + cut);
            }
        }
    }

    @Test
    void garblingAnyByteOfAnOlderSegmentIsCorruption() throws IOException {
        for (long segment = 0; segment < newest(); segment++) {
            long size = Files.size(segmentFile(pristine, segment));
            for (long at = 0; at < size; at++) {
                Path dir = copyOfPristine("garble-old-" + segment + "-" + at);
                Path file = segmentFile(dir, segment);
                flipByte(file, at);
                expectCorruption(dir, file, "segment " + segment + " byte " + at + " garbled");
            }
        }
    }

    @Test
    void aMissingSegmentBetweenOthersIsCorruption() throws IOException {
        Path dir = copyOfPristine("missing");
        Files.delete(segmentFile(dir, 1));
        assertThatThrownBy(() -> replay(dir, LogPosition.START))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo(StorageErrorCode.CORRUPTION))
                .hasMessageContaining("is missing segment file " + SegmentFormat.fileName(1));
        assertThatThrownBy(() -> CommitLog.open(dir, options()))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo(StorageErrorCode.CORRUPTION));
    }

    @Test
    void openReportsTheBytesItCutOff() throws IOException {
        Path dir = copyOfPristine("report");
        Path newest = segmentFile(dir, newest());
        LogRecord last = written.get(written.size() - 1);
        flipByte(newest, last.position().offset() + 9);
        List<TailDamage> reported = new CopyOnWriteArrayList<>();
        CommitLogListener listener = new CommitLogListener() {
            @Override
            public void onTailTruncated(TailDamage damage) {
                reported.add(damage);
            }
        };
        try (CommitLog log = CommitLog.open(dir, options().withListener(listener))) {
            assertThat(log.append(payload(100, 1))).isEqualTo(last.position());
        }
        assertThat(reported).singleElement().satisfies(damage -> {
            assertThat(damage.file()).isEqualTo(newest);
            assertThat(damage.offset()).isEqualTo(last.position().offset());
            assertThat(damage.discardedBytes()).isEqualTo(8 + last.payload().length);
            assertThat(damage.reason()).startsWith("CRC32C mismatch");
        });
    }

    /** Replay stops at the first record not entirely before {@code damageAt}; a reopened log appends there. */
    private void expectRecoveryAt(Path dir, long damageAt, String what) {
        long newest = newest();
        List<LogRecord> intact = written.stream()
                .filter(r -> r.position().segment() < newest || r.end().offset() <= damageAt)
                .toList();
        LogRecord.Replay replay = replay(dir, LogPosition.START);
        assertThat(replay.records()).as(what).containsExactlyElementsOf(intact);
        assertThat(replay.result().end()).as(what).isEqualTo(intact.get(intact.size() - 1).end());
        expectReopenAppendsAfter(dir, intact, what);
    }

    private void expectReopenAppendsAfter(Path dir, List<LogRecord> intact, String what) {
        LogRecord last = intact.get(intact.size() - 1);
        LogPosition expected = last.position().segment() == newest()
                ? last.end()
                : new LogPosition(newest(), SegmentFormat.HEADER_SIZE);
        List<LogRecord> after = new ArrayList<>(intact);
        try (CommitLog log = CommitLog.open(dir, options())) {
            LogRecord appended = append(log, payload(1_000, 3));
            assertThat(appended.position()).as(what).isEqualTo(expected);
            after.add(appended);
        }
        LogRecord.Replay replay = replay(dir, LogPosition.START);
        assertThat(replay.records()).as(what).containsExactlyElementsOf(after);
        assertThat(replay.result().tailDamage()).as(what).isEmpty();
    }

    private static void expectCorruption(Path dir, Path file, String what) {
        assertThatThrownBy(() -> replay(dir, LogPosition.START))
                .as(what)
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo(StorageErrorCode.CORRUPTION))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("offset");
    }

    private static CommitLogOptions options() {
        return CommitLogOptions.of(FsyncPolicy.always()).withSegmentSize(SEGMENT_SIZE);
    }

    private long newest() {
        return CommitLogReader.listSegments(pristine).stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    private List<LogRecord> recordsIn(long segment) {
        return written.stream().filter(r -> r.position().segment() == segment).toList();
    }

    private Path copyOfPristine(String name) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve(name));
        try (Stream<Path> files = Files.list(pristine)) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        return dir;
    }

    private static Path segmentFile(Path dir, long segment) {
        return dir.resolve(SegmentFormat.fileName(segment));
    }

    private static void flipByte(Path file, long at) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0xFF);
        }
    }
}
