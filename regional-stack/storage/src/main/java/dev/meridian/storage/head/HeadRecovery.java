package dev.meridian.storage.head;

import dev.meridian.storage.StorageException;
import dev.meridian.storage.commitlog.CommitLogOptions;
import dev.meridian.storage.commitlog.LogPosition;
import dev.meridian.storage.commitlog.ReplayResult;
import dev.meridian.storage.files.DurableFiles;
import dev.meridian.storage.series.SeriesLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Brings a head back at start: from the snapshot a clean shutdown left (mapping the head chunk
 * files back, then replaying whatever the log holds after the snapshot), or, after a crash, by
 * replaying the checkpoint and the commit log into a fresh head. The snapshot is deleted before
 * the head takes writes, so a crash later never pairs it with newer chunk files.
 */
public final class HeadRecovery {
    private HeadRecovery() {}

    /** What recovery did, for logs and the benchmark. */
    public record Outcome(Head head, boolean fromSnapshot, String snapshotProblem, long replayedSamples,
            long replayedRecords, long skippedSamples, long unknownSeriesSamples, String tailDamage, long nanos) {}

    /**
     * Opens the head of a namespace.
     *
     * @param namespaceDir the namespace's directory (the head uses {@code head/}, the log {@code wal/})
     * @param minValidTime the end of the newest block: older samples in the log are skipped
     */
    public static Outcome open(HeadConfig config, Path namespaceDir, CommitLogOptions logOptions, long minValidTime) {
        long started = System.nanoTime();
        try {
            Files.createDirectories(config.dir());
        } catch (IOException e) {
            throw new StorageException(dev.meridian.storage.StorageErrorCode.IO, "cannot create " + config.dir() + ": "
                    + e.getMessage(), e);
        }
        HeadLog log = new HeadLog(namespaceDir, logOptions);
        Head head = new Head(config, log, minValidTime);
        HeadSnapshot.Contents snapshot = null;
        String snapshotProblem = null;
        try {
            snapshot = HeadSnapshot.read(config.dir());
        } catch (StorageException damaged) {
            snapshotProblem = damaged.getMessage();
        }
        LogPosition replayFrom = null;
        if (snapshot != null) {
            restore(head, snapshot);
            replayFrom = snapshot.logEnd();
        } else {
            deleteWindowDirectories(config.dir());
        }
        HeadSnapshot.delete(config.dir());
        Replayer replayer = new Replayer(head);
        ReplayResult result = log.replay(replayFrom, replayer);
        head.dropAliases(replayer.aliases);
        log.open();
        return new Outcome(head, snapshot != null, snapshotProblem, replayer.samples, result.records(), replayer.skipped,
                replayer.unknown, result.tailDamage().map(Object::toString).orElse(null), System.nanoTime() - started);
    }

    private static void restore(Head head, HeadSnapshot.Contents snapshot) {
        head.restoreMinValidTime(snapshot.minValidTime());
        head.restoreNextRef(snapshot.nextRef());
        head.log().restoreNewestSamples(snapshot.newestSamples());
        for (Map.Entry<Long, Long> w : snapshot.windowEnds().entrySet()) {
            HeadChunkFiles files = HeadChunkFiles.reopen(head.dir().resolve(Long.toString(w.getKey())), head.chunkFileBytes());
            files.resumeAt(w.getValue());
            head.restoreWindow(w.getKey(), files);
        }
        for (HeadSnapshot.SeriesState state : snapshot.series()) {
            MemSeries s = head.restoreSeries(state.ref(), state.labels());
            synchronized (s) {
                s.lastTime = state.lastTime();
                s.lastValueBits = state.lastValueBits();
                for (long ref : state.sealed()) {
                    s.addSealed(ref);
                }
                if (state.oooTimes().length > 0) {
                    s.outOfOrder = new OutOfOrderBuffer();
                    for (int i = 0; i < state.oooTimes().length; i++) {
                        s.outOfOrder.insert(state.oooTimes()[i], Double.longBitsToDouble(state.oooValueBits()[i]));
                    }
                }
            }
            head.noteRestored(s);
        }
    }

    /** A crash leaves chunk files that nothing describes; the replay writes them anew. */
    private static void deleteWindowDirectories(Path headDir) {
        try (Stream<Path> entries = Files.list(headDir)) {
            for (Path p : entries.filter(Files::isDirectory).toList()) {
                DurableFiles.deleteRecursively(p);
            }
        } catch (IOException e) {
            throw new StorageException(dev.meridian.storage.StorageErrorCode.IO, "cannot list " + headDir + ": "
                    + e.getMessage(), e);
        }
    }

    /** Applies log records to the head. */
    private static final class Replayer implements Records.Handler {
        private final Head head;
        private final List<Integer> aliases = new ArrayList<>();
        private long samples;
        private long skipped;
        private long unknown;

        Replayer(Head head) {
            this.head = head;
        }

        @Override
        public void series(int ref, byte[] labels) {
            head.replaySeries(ref, SeriesLabels.wrap(labels), aliases);
        }

        @Override
        public void sample(int ref, long time, double value) {
            switch (head.replaySample(ref, time, value)) {
                case ACCEPTED -> samples++;
                case WINDOW_FLUSHED -> skipped++;
                case SERIES_REMOVED -> unknown++;
                default -> skipped++;
            }
        }
    }
}
