package dev.meridian.storage.commitlog;

import static java.util.Objects.requireNonNull;

import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Replays a commit log directory: every record from a position on, across segments in order, each
 * checked against its length and CRC32C.
 *
 * <p>How a replay ends depends on where the bad bytes are (docs/format/commitlog.md, "Recovery"):
 *
 * <ul>
 *   <li>In the newest segment, the first bytes that are not a good record end the replay: a crash
 *       mid-write, zero-filled space and a partial header all look like that. The replay reports
 *       them as {@link ReplayResult#tailDamage()}; {@link CommitLog#open} cuts them off.
 *   <li>In any older segment, they are {@link StorageErrorCode#CORRUPTION}: the writer fsyncs a
 *       segment, end marker included, before it creates the next one, so a crash cannot tear an
 *       older segment. The same goes for an older segment without its end marker (truncated) and
 *       for a missing segment file between two others.
 * </ul>
 *
 * <p>Replay reads files only and never changes them. It is meant for a log that is not open for
 * writing (at startup, before {@link CommitLog#open}, or after {@link CommitLog#close}); on an open
 * log it sees what has been written so far, and may report the record being written as damage.
 */
public final class CommitLogReader {
    private CommitLogReader() {}

    /**
     * Hands {@code consumer} every record at or after {@code from}, in log order. Segments older
     * than the oldest one left (deleted by {@link CommitLog#truncateBefore}) are skipped; a
     * position beyond the end of the log is an error, since it means acknowledged records are gone.
     *
     * @param from a record boundary: {@link LogPosition#START}, a position {@link CommitLog#append}
     *     returned, or a replay's {@link ReplayResult#end()}
     * @throws StorageException {@link StorageErrorCode#CORRUPTION} naming the segment file and
     *     offset, or {@link StorageErrorCode#IO} if a file cannot be read; exceptions the consumer
     *     throws pass through
     */
    public static ReplayResult replay(Path directory, LogPosition from, RecordConsumer consumer) {
        requireNonNull(directory, "directory is null");
        requireNonNull(from, "from is null");
        requireNonNull(consumer, "consumer is null");
        List<Long> segments = listSegments(directory);
        if (segments.isEmpty()) {
            return new ReplayResult(0, 0, from, Optional.empty());
        }
        SegmentFormat.checkContiguous(directory, segments);
        long first = segments.get(0);
        long last = segments.get(segments.size() - 1);
        if (from.segment() > last) {
            throw new StorageException(StorageErrorCode.CORRUPTION, "cannot replay commit log " + directory + " from " + from
                    + ": the newest segment is " + last);
        }
        SegmentScanner scanner = new SegmentScanner();
        long records = 0;
        long bytes = 0;
        LogPosition end = from;
        for (long segment = Math.max(first, from.segment()); segment <= last; segment++) {
            Path file = SegmentFormat.file(directory, segment);
            boolean newest = segment == last;
            long start = segment == from.segment() ? from.offset() : 0;
            SegmentScanner.Result result = scan(scanner, file, segment, start, consumer);
            records += result.records();
            bytes += result.bytes();
            if (result.records() > 0) {
                end = new LogPosition(segment, result.end());
            }
            switch (result.ending()) {
                case END_MARKER -> {
                }
                case END_OF_FILE -> {
                    if (!newest) {
                        throw corruption(file, result.end(), "the segment ends without an end marker (truncated?), but a newer segment exists");
                    }
                }
                case DAMAGED, BAD_HEADER -> {
                    if (!newest) {
                        throw corruption(file, result.end(), result.problem());
                    }
                    TailDamage damage = new TailDamage(file, segment, result.end(), result.fileSize() - result.end(), result.problem());
                    return new ReplayResult(records, bytes, end, Optional.of(damage));
                }
            }
        }
        return new ReplayResult(records, bytes, end, Optional.empty());
    }

    private static SegmentScanner.Result scan(SegmentScanner scanner, Path file, long segment, long start, RecordConsumer consumer) {
        try {
            long size = Files.size(file);
            if (start > size) {
                throw new StorageException(StorageErrorCode.CORRUPTION, "cannot replay commit log segment " + file + " from offset "
                        + start + ": the file has only " + size + " bytes");
            }
            return scanner.scan(file, segment, start, consumer);
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot read commit log segment " + file + ": " + e, e);
        }
    }

    static List<Long> listSegments(Path directory) {
        try {
            return SegmentFormat.list(directory);
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot list commit log directory " + directory + ": " + e, e);
        }
    }

    private static StorageException corruption(Path file, long offset, String problem) {
        return new StorageException(StorageErrorCode.CORRUPTION, "commit log segment " + file + " is corrupt at offset " + offset + ": " + problem);
    }
}
