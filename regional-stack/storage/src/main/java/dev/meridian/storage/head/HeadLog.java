package dev.meridian.storage.head;

import dev.meridian.storage.FsyncPolicy;
import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import dev.meridian.storage.commitlog.CommitLog;
import dev.meridian.storage.commitlog.CommitLogMeters;
import dev.meridian.storage.commitlog.CommitLogOptions;
import dev.meridian.storage.commitlog.CommitLogReader;
import dev.meridian.storage.commitlog.LogPosition;
import dev.meridian.storage.commitlog.ReplayResult;
import dev.meridian.storage.files.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The head's commit log ({@code <namespace>/wal}) and its checkpoint ({@code
 * <namespace>/checkpoint.<segment>}), with the bookkeeping that decides which segments a flush
 * makes unnecessary (docs/format/head-records.md).
 *
 * <h2>Truncation</h2>
 * The log keeps, per segment, the newest sample time written to it. Once the head's {@code
 * minValidTime} has passed a segment's newest sample, every sample in it is in a block. Its
 * SERIES records are still needed, though: a series created two hours ago and written since has
 * its only SERIES record there. So truncation first writes a checkpoint, a small log of SERIES
 * records for every live series, and only then deletes the segments before it. Replay reads the
 * newest checkpoint and then the segments from the one it names.
 */
final class HeadLog implements AutoCloseable {
    private static final String WAL = "wal";
    private static final String CHECKPOINT = "checkpoint.";
    private static final int CHECKPOINT_RECORD_BYTES = 1 << 20;

    private final Path namespaceDir;
    private final Path walDir;
    private final CommitLogOptions options;
    private CommitLog log;
    /** Newest sample time per segment that holds samples; guarded by itself. */
    private final TreeMap<Long, Long> newestSample = new TreeMap<>();
    private volatile long lastSegment;
    /** Segments before this one are gone; the newest checkpoint names it. */
    private long truncatedBefore;

    HeadLog(Path namespaceDir, CommitLogOptions options) {
        this.namespaceDir = namespaceDir;
        this.walDir = namespaceDir.resolve(WAL);
        this.options = options;
        Path checkpoint = newestCheckpoint();
        this.truncatedBefore = checkpoint == null ? 0 : checkpointSegment(checkpoint);
    }

    /** Opens the log for appends; call after replay. */
    void open() {
        log = CommitLog.open(walDir, options);
        if (options.listener() instanceof CommitLogMeters meters) {
            meters.monitor(log);
        }
        lastSegment = Math.max(lastSegment, log.stats().durableThrough().segment());
    }

    boolean isOpen() {
        return log != null;
    }

    // ---------------------------------------------------------------- appends

    void appendSeries(Records.Encoder records) {
        append(records);
    }

    void appendSamples(Records.Encoder records, long newestTime) {
        LogPosition at = append(records);
        synchronized (newestSample) {
            newestSample.merge(at.segment(), newestTime, Math::max);
        }
    }

    private LogPosition append(Records.Encoder records) {
        LogPosition at = log.append(records.bytes(), 0, records.length());
        if (at.segment() > lastSegment) {
            lastSegment = at.segment();
        }
        return at;
    }

    // ---------------------------------------------------------------- replay

    /**
     * Replays the checkpoint and the log from where it starts, or only the log from {@code from}
     * (after a snapshot). Tracks the newest sample per segment as it goes.
     */
    ReplayResult replay(LogPosition from, Records.Handler handler) {
        LogPosition start = from;
        if (start == null) {
            Path checkpoint = newestCheckpoint();
            start = LogPosition.START;
            if (checkpoint != null) {
                CommitLogReader.replay(checkpoint, LogPosition.START, (position, buf, off, len) -> Records.decode(buf, off, len, handler));
                start = new LogPosition(checkpointSegment(checkpoint), 0);
            }
        }
        if (!Files.isDirectory(walDir)) {
            return new ReplayResult(0, 0, start, java.util.Optional.empty());
        }
        TrackingHandler tracking = new TrackingHandler(handler);
        ReplayResult result = CommitLogReader.replay(walDir, start, (position, buf, off, len) -> {
            tracking.segment = position.segment();
            Records.decode(buf, off, len, tracking);
        });
        synchronized (newestSample) {
            newestSample.putAll(tracking.newest);
        }
        lastSegment = Math.max(lastSegment, result.end().segment());
        return result;
    }

    /** Passes records through, noting the newest sample time of each segment. */
    private static final class TrackingHandler implements Records.Handler {
        private final Records.Handler delegate;
        private final Map<Long, Long> newest = new TreeMap<>();
        private long segment = -1;
        private long noted = -1;
        private long max = Long.MIN_VALUE;

        TrackingHandler(Records.Handler delegate) {
            this.delegate = delegate;
        }

        @Override
        public void series(int ref, byte[] labels) {
            delegate.series(ref, labels);
        }

        @Override
        public void sample(int ref, long time, double value) {
            if (segment != noted) {
                noted = segment;
                max = newest.getOrDefault(segment, Long.MIN_VALUE);
            }
            if (time > max) {
                max = time;
                newest.put(segment, time);
            }
            delegate.sample(ref, time, value);
        }
    }

    // ---------------------------------------------------------------- truncation

    /** Where a truncation cuts: segments before {@code keepFrom} go. */
    record TruncationPoint(long keepFrom) {}

    /**
     * The first segment that must stay because it holds samples at or after {@code minValidTime}
     * (or is the one being written); null if nothing can go. The caller holds the head's write
     * gate, so no append is between writing its record and noting its time.
     */
    TruncationPoint truncationPoint(long minValidTime) {
        long keepFrom = lastSegment;
        synchronized (newestSample) {
            for (Map.Entry<Long, Long> e : newestSample.entrySet()) {
                if (e.getValue() >= minValidTime) {
                    keepFrom = Math.min(keepFrom, e.getKey());
                    break;
                }
            }
        }
        return keepFrom > truncatedBefore ? new TruncationPoint(keepFrom) : null;
    }

    /**
     * Writes a checkpoint holding the SERIES records of {@code live} (every series that existed
     * when the point was taken) and then deletes the segments and checkpoints before it.
     */
    void checkpointAndTruncate(TruncationPoint point, List<MemSeries> live) {
        Path target = namespaceDir.resolve(CHECKPOINT + String.format("%08d", point.keepFrom()));
        Path tmp = namespaceDir.resolve(target.getFileName() + ".tmp");
        DurableFiles.deleteRecursively(tmp);
        try (CommitLog checkpoint = CommitLog.open(tmp, CommitLogOptions.of(FsyncPolicy.every(Duration.ofMinutes(1))))) {
            Records.Encoder enc = new Records.Encoder();
            enc.startSeries();
            for (MemSeries s : live) {
                enc.series(s.ref, s.labels.bytes());
                if (enc.length() >= CHECKPOINT_RECORD_BYTES) {
                    checkpoint.append(enc.bytes(), 0, enc.length());
                    enc.startSeries();
                }
            }
            if (enc.count() > 0) {
                checkpoint.append(enc.bytes(), 0, enc.length());
            }
            checkpoint.sync();
        }
        DurableFiles.deleteRecursively(target);
        DurableFiles.rename(tmp, target);
        log.truncateBefore(new LogPosition(point.keepFrom(), 0));
        truncatedBefore = point.keepFrom();
        synchronized (newestSample) {
            newestSample.headMap(point.keepFrom()).clear();
        }
        for (Path old : checkpoints()) {
            if (!old.equals(target)) {
                DurableFiles.deleteRecursively(old);
            }
        }
    }

    private Path newestCheckpoint() {
        List<Path> all = checkpoints();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    private List<Path> checkpoints() {
        if (!Files.isDirectory(namespaceDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(namespaceDir)) {
            List<Path> found = new ArrayList<>(files.filter(p -> p.getFileName().toString().matches("checkpoint\\.\\d+"))
                    .toList());
            found.sort((a, b) -> Long.compare(checkpointSegment(a), checkpointSegment(b)));
            return found;
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot list " + namespaceDir + ": " + e.getMessage(), e);
        }
    }

    private static long checkpointSegment(Path checkpoint) {
        return Long.parseLong(checkpoint.getFileName().toString().substring(CHECKPOINT.length()));
    }

    // ---------------------------------------------------------------- close

    /** Newest sample time per segment, for the snapshot. */
    Map<Long, Long> newestSamples() {
        synchronized (newestSample) {
            return new TreeMap<>(newestSample);
        }
    }

    void restoreNewestSamples(Map<Long, Long> times) {
        synchronized (newestSample) {
            newestSample.putAll(times);
        }
    }

    /** Syncs and closes the log; returns the position after its last record. */
    LogPosition closeAndEnd() {
        log.sync();
        LogPosition end = log.stats().durableThrough();
        log.close();
        return end;
    }

    @Override
    public void close() {
        if (log != null) {
            log.close();
        }
    }
}
