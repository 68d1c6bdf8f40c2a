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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CommitLogTest {
    @TempDir
    Path dir;

    static Stream<FsyncPolicy> policies() {
        return Stream.of(FsyncPolicy.always(), FsyncPolicy.every(Duration.ofMillis(5)));
    }

    @ParameterizedTest
    @MethodSource("policies")
    void roundTripsRecordsAcrossManySegments(FsyncPolicy policy) throws IOException {
        CommitLogOptions options = CommitLogOptions.of(policy).withSegmentSize(256);
        Random random = new Random(42);
        List<LogRecord> written = new ArrayList<>();
        try (CommitLog log = CommitLog.open(dir, options)) {
            for (int i = 0; i < 300; i++) {
                written.add(append(log, payload(i, 1 + random.nextInt(options.maxPayloadSize()))));
            }
            log.sync();
            assertThat(log.stats().segments()).isEqualTo(segmentFiles().size());
        }

        assertThat(segmentFiles()).hasSizeGreaterThan(50);
        assertThat(segmentFiles().get(0).getFileName()).hasToString("00000000000000000000.seg");
        for (Path file : segmentFiles()) {
            assertThat(Files.size(file)).isLessThanOrEqualTo(256);
        }
        LogRecord.Replay replay = replay(dir, LogPosition.START);
        assertThat(replay.records()).containsExactlyElementsOf(written);
        assertThat(replay.result().records()).isEqualTo(300);
        assertThat(replay.result().bytes()).isEqualTo(written.stream().mapToLong(r -> r.payload().length).sum());
        assertThat(replay.result().end()).isEqualTo(written.get(written.size() - 1).end());
        assertThat(replay.result().tailDamage()).isEmpty();
    }

    @Test
    void withAnIntervalAnAcknowledgedRecordIsInTheFileBeforeAnyFsync() {
        List<LogRecord> written = new ArrayList<>();
        try (CommitLog log = CommitLog.open(dir, CommitLogOptions.of(FsyncPolicy.every(Duration.ofHours(1))))) {
            for (int i = 0; i < 5; i++) {
                written.add(append(log, payload(i, 100)));
                // What a process killed right now would leave: the file as the OS has it.
                assertThat(replay(dir, LogPosition.START).records()).containsExactlyElementsOf(written);
            }
            assertThat(log.stats().fsyncs()).isZero();
        }
    }

    @Test
    void withAnIntervalAppendsAreWrittenWhileAnFsyncRuns() throws Exception {
        CountDownLatch inFsync = new CountDownLatch(1);
        CountDownLatch appendedMeanwhile = new CountDownLatch(1);
        AtomicBoolean appendDidNotWait = new AtomicBoolean();
        CommitLogListener slowFsync = new CommitLogListener() {
            @Override
            public void onFsync(long nanos, LogPosition durableThrough) {
                if (inFsync.getCount() > 0) {
                    inFsync.countDown();
                    // Still inside the fsync: it holds up nobody unless it holds the write turn.
                    try {
                        appendDidNotWait.set(appendedMeanwhile.await(5, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        List<LogRecord> written = new ArrayList<>();
        try (CommitLog log = CommitLog.open(dir, CommitLogOptions.of(FsyncPolicy.every(Duration.ofMillis(10))).withListener(slowFsync))) {
            written.add(append(log, payload(1, 100)));
            assertThat(inFsync.await(10, TimeUnit.SECONDS)).as("the interval fsync started").isTrue();
            written.add(append(log, payload(2, 100)));
            appendedMeanwhile.countDown();
            assertThat(replay(dir, LogPosition.START).records()).containsExactlyElementsOf(written);
        }
        assertThat(appendDidNotWait).as("the append returned while the fsync was running").isTrue();
    }

    @Test
    void startsANewSegmentWhenARecordWouldNotFit() {
        CommitLogOptions options = CommitLogOptions.of(FsyncPolicy.always()).withSegmentSize(100);
        try (CommitLog log = CommitLog.open(dir, options)) {
            // Header 16 + frame 8 + 40 = 64; a second 40-byte record needs 48 more plus the 8-byte end marker.
            assertThat(log.append(payload(1, 40))).isEqualTo(new LogPosition(0, 16));
            assertThat(log.append(payload(2, 40))).isEqualTo(new LogPosition(1, 16));
            assertThat(log.append(payload(3, 20))).isEqualTo(new LogPosition(1, 64));
            assertThat(log.append(payload(4, options.maxPayloadSize()))).isEqualTo(new LogPosition(2, 16));
        }
    }

    @Test
    void rejectsEmptyOversizedAndOutOfRangePayloads() {
        try (CommitLog log = CommitLog.open(dir, CommitLogOptions.of(FsyncPolicy.always()).withSegmentSize(100))) {
            assertThatThrownBy(() -> log.append(new byte[0]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("payload must not be empty");
            assertThatThrownBy(() -> log.append(new byte[69]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("payload of 69 bytes does not fit a segment of 100 bytes (at most 68)");
            assertThatThrownBy(() -> log.append(new byte[10], 5, 6)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> log.append(null, 0, 1)).isInstanceOf(NullPointerException.class).hasMessage("payload is null");
            assertThat(log.stats().records()).isZero();
        }
    }

    @Test
    void appendsASliceOfTheArray() {
        byte[] array = payload(7, 30);
        try (CommitLog log = CommitLog.open(dir, CommitLogOptions.of(FsyncPolicy.always()))) {
            log.append(array, 10, 5);
        }
        assertThat(replay(dir, LogPosition.START).records()).singleElement()
                .satisfies(r -> assertThat(r.payload()).containsExactly(java.util.Arrays.copyOfRange(array, 10, 15)));
    }

    @ParameterizedTest
    @MethodSource("policies")
    void concurrentAppendersLoseNothingAndKeepEachThreadsOrder(FsyncPolicy policy) throws Exception {
        int threads = 6;
        int perThread = 400;
        // Small segments and a small buffer, so appenders also race across segment boundaries and wait for space.
        CommitLogOptions options = CommitLogOptions.of(policy).withSegmentSize(4096).withBufferSize(2048);
        List<LogRecord> acknowledged = new CopyOnWriteArrayList<>();
        try (CommitLog log = CommitLog.open(dir, options)) {
            runConcurrently(threads, thread -> {
                Random random = new Random(thread);
                for (int i = 0; i < perThread; i++) {
                    byte[] payload = payload(thread * 100_000L + i, 8 + random.nextInt(300));
                    ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).putInt(thread).putInt(i);
                    acknowledged.add(append(log, payload));
                }
            });
            assertThat(log.stats().records()).isEqualTo((long) threads * perThread);
        }

        List<LogRecord> replayed = replay(dir, LogPosition.START).records();
        assertThat(replayed).containsExactlyInAnyOrderElementsOf(acknowledged);
        List<LogPosition> positions = replayed.stream().map(LogRecord::position).toList();
        assertThat(positions).isSorted().doesNotHaveDuplicates();
        int[] next = new int[threads];
        for (LogRecord record : replayed) {
            ByteBuffer b = ByteBuffer.wrap(record.payload()).order(ByteOrder.LITTLE_ENDIAN);
            int thread = b.getInt();
            assertThat(b.getInt()).as("thread %d's records in order", thread).isEqualTo(next[thread]++);
        }
        assertThat(next).containsOnly(perThread);
    }

    @Test
    void appendersWaitingTogetherShareOneFsync() throws Exception {
        int threads = 8;
        AtomicReference<CommitLog> opened = new AtomicReference<>();
        AtomicInteger fsyncs = new AtomicInteger();
        CommitLogListener holdFirstFsync = new CommitLogListener() {
            @Override
            public void onFsync(long nanos, LogPosition durableThrough) {
                if (fsyncs.incrementAndGet() == 1) {
                    // Keep the writer busy with the first fsync until every appender has buffered its record.
                    await(() -> opened.get().stats().records() == threads);
                }
            }
        };
        CountDownLatch start = new CountDownLatch(1);
        try (CommitLog log = CommitLog.open(dir, CommitLogOptions.of(FsyncPolicy.always()).withListener(holdFirstFsync))) {
            opened.set(log);
            runConcurrently(threads, thread -> {
                start.await();
                log.append(payload(thread, 100));
            }, start);
            // At most the records that were buffered first share one fsync, and everyone who arrived
            // while it ran shares the second, rather than one fsync per record.
            assertThat(fsyncs.get()).isBetween(1, 2);
            assertThat(log.stats().fsyncs()).isEqualTo(fsyncs.get());
        }
        assertThat(replay(dir, LogPosition.START).records()).hasSize(threads);
    }

    @Test
    void intervalPolicyFsyncsWithoutBeingAsked() {
        try (CommitLog log = CommitLog.open(dir, CommitLogOptions.of(FsyncPolicy.every(Duration.ofMillis(10))))) {
            LogRecord record = append(log, payload(1, 50));
            await(() -> log.stats().durableThrough().compareTo(record.end()) >= 0);

            assertThat(log.stats().fsyncs()).isPositive();
            assertThat(replay(dir, LogPosition.START).records()).containsExactly(record);
        }
    }

    @Test
    void syncForcesEverythingAppended() {
        try (CommitLog log = CommitLog.open(dir, CommitLogOptions.of(FsyncPolicy.every(Duration.ofHours(1))))) {
            List<LogRecord> written = List.of(append(log, payload(1, 10)), append(log, payload(2, 20)), append(log, payload(3, 30)));
            log.sync();

            CommitLogStats stats = log.stats();
            assertThat(stats.fsyncs()).isEqualTo(1);
            assertThat(stats.durableThrough()).isEqualTo(written.get(2).end());
            assertThat(stats.bufferedBytes()).isZero();
            assertThat(replay(dir, LogPosition.START).records()).containsExactlyElementsOf(written);
            log.sync();
            assertThat(log.stats().fsyncs()).as("nothing new to sync").isEqualTo(1);
        }
    }

    @Test
    void closeAndReopenContinueTheSequence() {
        CommitLogOptions options = CommitLogOptions.of(FsyncPolicy.always()).withSegmentSize(200);
        List<LogRecord> written = new ArrayList<>();
        try (CommitLog log = CommitLog.open(dir, options)) {
            for (int i = 0; i < 10; i++) {
                written.add(append(log, payload(i, 50)));
            }
        }
        try (CommitLog log = CommitLog.open(dir, options)) {
            LogRecord next = append(log, payload(10, 50));
            assertThat(next.position()).isEqualTo(nextPosition(written.get(written.size() - 1), 50, 200));
            written.add(next);
            for (int i = 11; i < 20; i++) {
                written.add(append(log, payload(i, 50)));
            }
        }
        LogRecord.Replay replay = replay(dir, LogPosition.START);
        assertThat(replay.records()).containsExactlyElementsOf(written);
        assertThat(replay.result().tailDamage()).isEmpty();
    }

    @Test
    void reopenAfterTheNewestSegmentWasClosedStartsTheNextOne() throws IOException {
        CommitLogOptions options = CommitLogOptions.of(FsyncPolicy.always()).withSegmentSize(100);
        List<LogRecord> written = new ArrayList<>();
        try (CommitLog log = CommitLog.open(dir, options)) {
            written.add(append(log, payload(1, 40)));
            assertThat(log.append(payload(2, 40)).segment()).isEqualTo(1);
        }
        // As if the writer crashed right after closing segment 0 with its end marker, before it created segment 1.
        Files.delete(dir.resolve(SegmentFormat.fileName(1)));

        try (CommitLog log = CommitLog.open(dir, options)) {
            LogRecord next = append(log, payload(3, 10));
            assertThat(next.position()).isEqualTo(new LogPosition(1, 16));
            written.add(next);
        }
        assertThat(replay(dir, LogPosition.START).records()).containsExactlyElementsOf(written);
    }

    @Test
    void truncateBeforeDeletesTheSegmentsEntirelyBeforeThePosition() throws IOException {
        List<Long> deleted = new CopyOnWriteArrayList<>();
        CommitLogListener listener = new CommitLogListener() {
            @Override
            public void onSegmentDeleted(long segment, Path file) {
                deleted.add(segment);
            }
        };
        CommitLogOptions options = CommitLogOptions.of(FsyncPolicy.always()).withSegmentSize(100).withListener(listener);
        List<LogRecord> written = new ArrayList<>();
        try (CommitLog log = CommitLog.open(dir, options)) {
            for (int i = 0; i < 12; i++) {
                written.add(append(log, payload(i, 30)));
            }
            // 30-byte payloads: two records per segment, so segments 0..5.
            assertThat(log.stats().segments()).isEqualTo(6);
            LogRecord checkpoint = written.get(7);
            assertThat(checkpoint.position().segment()).isEqualTo(3);

            assertThat(log.truncateBefore(checkpoint.position())).isEqualTo(3);
            assertThat(deleted).containsExactly(0L, 1L, 2L);
            assertThat(log.stats().segments()).isEqualTo(3);
            assertThat(segmentFiles()).extracting(p -> p.getFileName().toString()).containsExactly(
                    SegmentFormat.fileName(3), SegmentFormat.fileName(4), SegmentFormat.fileName(5));
            assertThat(log.truncateBefore(checkpoint.position())).as("again: nothing left before it").isZero();

            // The records of the segment holding the position stay, including those before it.
            assertThat(replay(dir, LogPosition.START).records()).containsExactlyElementsOf(written.subList(6, 12));
            assertThat(replay(dir, checkpoint.position()).records()).containsExactlyElementsOf(written.subList(7, 12));

            // A position past everything written deletes all but the segment being written.
            assertThat(log.truncateBefore(new LogPosition(1_000, 0))).isEqualTo(2);
            assertThat(segmentFiles()).extracting(p -> p.getFileName().toString()).containsExactly(SegmentFormat.fileName(5));
            written.add(append(log, payload(99, 10)));
        }
        assertThat(replay(dir, LogPosition.START).records()).containsExactlyElementsOf(written.subList(10, 13));
    }

    @Test
    void aSecondOpenOfTheSameDirectoryFails() {
        try (CommitLog log = CommitLog.open(dir, CommitLogOptions.of(FsyncPolicy.always()))) {
            assertThatThrownBy(() -> CommitLog.open(dir, CommitLogOptions.of(FsyncPolicy.always())))
                    .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo(StorageErrorCode.IO))
                    .hasMessageContaining("is already open");
            log.append(payload(1, 10));
        }
        try (CommitLog reopened = CommitLog.open(dir, CommitLogOptions.of(FsyncPolicy.always()))) {
            assertThat(reopened.append(payload(2, 10))).isEqualTo(new LogPosition(0, 16 + 18));
        }
    }

    @Test
    void appendAndSyncAfterCloseAreNotReady() {
        CommitLog log = CommitLog.open(dir, CommitLogOptions.of(FsyncPolicy.every(Duration.ofSeconds(1))));
        log.append(payload(1, 10));
        log.close();
        log.close();

        assertThatThrownBy(() -> log.append(payload(2, 10)))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo(StorageErrorCode.NOT_READY))
                .hasMessage("commit log " + dir + " is closed");
        assertThatThrownBy(() -> log.truncateBefore(LogPosition.START))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo(StorageErrorCode.NOT_READY));
        log.sync();
        assertThat(replay(dir, LogPosition.START).records()).hasSize(1);
    }

    @Test
    void aFailedWriteFailsTheLogAndNamesTheFile() throws IOException {
        List<StorageException> failures = new CopyOnWriteArrayList<>();
        CommitLogListener listener = new CommitLogListener() {
            @Override
            public void onFailure(StorageException failure) {
                failures.add(failure);
            }
        };
        // A directory where segment 1 would go makes creating it fail.
        Path blocker = Files.createDirectories(dir.resolve(SegmentFormat.fileName(1)));
        CommitLog log = CommitLog.open(dir, CommitLogOptions.of(FsyncPolicy.always()).withSegmentSize(100).withListener(listener));
        LogRecord first = append(log, payload(1, 40));

        assertThatThrownBy(() -> log.append(payload(2, 40)))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo(StorageErrorCode.IO))
                .hasMessageContaining("failed before the record at segment 1 offset 16 was durable")
                .hasMessageContaining("cannot create commit log segment " + blocker);
        assertThatThrownBy(() -> log.append(payload(3, 10)))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo(StorageErrorCode.IO))
                .hasMessageContaining("has failed");
        assertThatThrownBy(log::close)
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo(StorageErrorCode.IO))
                .hasMessageContaining("failed before close");
        assertThat(failures).singleElement().satisfies(f -> assertThat(f.getMessage()).contains(blocker.toString()));
        assertThat(replay(dir, LogPosition.START).records()).containsExactly(first);
    }

    @Test
    void withAnIntervalAnAppenderWhoseWriteFailsGetsTheCauseAndTheLogFails() throws IOException {
        Path blocker = Files.createDirectories(dir.resolve(SegmentFormat.fileName(1)));
        CommitLog log = CommitLog.open(dir, CommitLogOptions.of(FsyncPolicy.every(Duration.ofHours(1))).withSegmentSize(100));
        LogRecord first = append(log, payload(1, 40));

        // The appender writes its own record (nobody else holds the write turn) and meets the failure.
        assertThatThrownBy(() -> log.append(payload(2, 40)))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo(StorageErrorCode.IO))
                .hasMessageContaining("cannot create commit log segment " + blocker);
        assertThatThrownBy(() -> log.append(payload(3, 10)))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo(StorageErrorCode.IO))
                .hasMessageContaining("has failed");
        assertThatThrownBy(log::close)
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo(StorageErrorCode.IO))
                .hasMessageContaining("failed before close");
        assertThat(replay(dir, LogPosition.START).records()).containsExactly(first);
    }

    @ParameterizedTest
    @MethodSource("policies")
    void anInterruptedAppenderDoesNotBreakTheLogForOthers(FsyncPolicy policy) {
        List<LogRecord> written = new ArrayList<>();
        try (CommitLog log = CommitLog.open(dir, CommitLogOptions.of(policy))) {
            written.add(append(log, payload(1, 100)));
            // A cancelled request: the thread is interrupted while it appends. With an interval
            // it writes the record itself; the file must not be closed under the other appenders.
            Thread.currentThread().interrupt();
            try {
                written.add(append(log, payload(2, 100)));
            } catch (StorageException e) {
                assertThat(policy.everyWrite()).as("only a wait for the writer thread can be interrupted").isTrue();
                assertThat(e.getMessage()).contains("interrupted while waiting");
                assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
                log.sync(); // it was appended and becomes durable all the same
                written.add(new LogRecord(written.get(0).end(), payload(2, 100)));
            } finally {
                Thread.interrupted();
            }
            written.add(append(log, payload(3, 100)));
            log.sync();
        }
        assertThat(replay(dir, LogPosition.START).records()).containsExactlyElementsOf(written);
    }

    @Test
    void statsAndListenerCountWritesFsyncsAndSegments() {
        AtomicInteger writtenRecords = new AtomicInteger();
        AtomicInteger fsyncs = new AtomicInteger();
        List<Long> created = new CopyOnWriteArrayList<>();
        CommitLogListener listener = new CommitLogListener() {
            @Override
            public void onWrite(int records, long bytes) {
                writtenRecords.addAndGet(records);
            }

            @Override
            public void onFsync(long nanos, LogPosition durableThrough) {
                assertThat(nanos).isNotNegative();
                fsyncs.incrementAndGet();
            }

            @Override
            public void onSegmentCreated(long segment, Path file) {
                created.add(segment);
            }
        };
        CommitLogOptions options = CommitLogOptions.of(FsyncPolicy.always()).withSegmentSize(100).withListener(listener);
        try (CommitLog log = CommitLog.open(dir, options)) {
            for (int i = 0; i < 5; i++) {
                log.append(payload(i, 40));
            }
            CommitLogStats stats = log.stats();
            assertThat(stats.records()).isEqualTo(5);
            assertThat(stats.bytesAppended()).isEqualTo(5 * 48);
            // Five segments: four end markers and four more headers besides the frames.
            assertThat(stats.bytesWritten()).isEqualTo(5 * 48 + 4 * 8 + 4 * 16);
            assertThat(stats.segments()).isEqualTo(5);
            assertThat(stats.bufferedBytes()).isZero();
            // One fsync per append, one per closed segment.
            assertThat(stats.fsyncs()).isEqualTo(9).isEqualTo(fsyncs.get());
            assertThat(stats.fsyncNanos()).isGreaterThanOrEqualTo(stats.maxFsyncNanos());
            assertThat(stats.durableThrough()).isEqualTo(new LogPosition(4, 64));
            assertThat(writtenRecords.get()).isEqualTo(5);
            assertThat(created).containsExactly(0L, 1L, 2L, 3L, 4L);
        }
    }

    @Test
    void aThrowingListenerDoesNotStopTheLog() {
        AtomicInteger calls = new AtomicInteger();
        CommitLogListener listener = new CommitLogListener() {
            @Override
            public void onWrite(int records, long bytes) {
                calls.incrementAndGet();
                throw new IllegalStateException("listener bug (expected by the test)");
            }
        };
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> reported.add(e));
        try (CommitLog log = CommitLog.open(dir, CommitLogOptions.of(FsyncPolicy.always()).withListener(listener))) {
            log.append(payload(1, 10));
            log.append(payload(2, 10));
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        assertThat(calls.get()).isEqualTo(2);
        assertThat(reported).hasSize(2).allSatisfy(e -> assertThat(e).hasMessageContaining("listener bug"));
        assertThat(replay(dir, LogPosition.START).records()).hasSize(2);
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> segments = new ArrayList<>(files.filter(p -> p.getFileName().toString().endsWith(".seg")).toList());
            Collections.sort(segments);
            return segments;
        }
    }

    /** Where a record of {@code length} bytes goes after {@code last}. */
    private static LogPosition nextPosition(LogRecord last, int length, long segmentSize) {
        LogPosition end = last.end();
        if (end.offset() + 8 + length + 8 > segmentSize) {
            return new LogPosition(end.segment() + 1, 16);
        }
        return end;
    }

    interface ThreadBody {
        void run(int thread) throws Exception;
    }

    /** Runs {@code body} on {@code threads} threads, counts {@code ready} down once all are submitted, and rethrows the first failure. */
    static void runConcurrently(int threads, ThreadBody body, CountDownLatch... ready) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(executor.submit(() -> {
                    body.run(thread);
                    return null;
                }));
            }
            for (CountDownLatch latch : ready) {
                latch.countDown();
            }
            for (Future<?> future : futures) {
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        }
    }

    /** Waits for {@code condition}; the deadline only keeps a broken log from hanging the build. */
    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within a minute");
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
