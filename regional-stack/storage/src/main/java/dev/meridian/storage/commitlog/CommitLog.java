package dev.meridian.storage.commitlog;

import static dev.meridian.storage.commitlog.SegmentFormat.END_MARKER_SIZE;
import static dev.meridian.storage.commitlog.SegmentFormat.FRAME_HEADER_SIZE;
import static dev.meridian.storage.commitlog.SegmentFormat.HEADER_SIZE;
import static java.util.Objects.requireNonNull;

import dev.meridian.storage.FsyncPolicy;
import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * An append-only log of opaque records in a directory of segment files, written before a batch is
 * acknowledged and replayed ({@link CommitLogReader}) after a crash. The format is in
 * docs/format/commitlog.md. Thread-safe.
 *
 * <h2>Group commit</h2>
 *
 * An append computes the record's CRC32C on its own thread, then, under one lock, takes the next
 * position and copies the frame into the log's in-memory buffer (a queue of 256 KiB chunks). One
 * thread at a time holds the <em>write turn</em>: it takes everything buffered at once, writes it
 * to the segment file, and releases every appender whose record that covered. Appenders that
 * arrive meanwhile fill the buffer for the next turn, so under load one write or fsync serves as
 * many records as arrived during the previous one — group commit as in database logs (DeWitt et
 * al., "Implementation techniques for main memory database systems", SIGMOD 1984).
 *
 * <p>With {@link FsyncPolicy#everyWrite()}, the log's writer thread takes every turn and fsyncs
 * each time; an append returns when an fsync that started after its record was buffered has
 * finished. With an interval, an append returns once its record is written to the segment file,
 * so a process crash loses no acknowledged record (written bytes are in the OS page cache). The
 * appender takes the turn itself when nobody holds it (a leader writing for the others waiting),
 * which saves two thread hand-offs per write, and spins briefly rather than parks while another
 * holds it, as a turn lasts microseconds. The writer thread fsyncs at least once per interval,
 * after its turn, so appends go on meanwhile; a machine crash loses at most about one interval of
 * acknowledged records. {@link #sync()} forces everything appended so far in either mode.
 *
 * <p>{@link SegmentWriter} uses stream I/O that thread interrupts do not affect, so an appender
 * interrupted while it writes (a cancelled request) cannot close the file under everyone.
 *
 * <p>The buffer is bounded ({@link CommitLogOptions#bufferSize()}): when the disk falls behind,
 * appenders block instead of the heap growing.
 *
 * <h2>Segments</h2>
 *
 * A record never spans segments: when it would not fit in the current one (with room for the end
 * marker), it starts the next. The writer closes a segment with an end marker and fsyncs it before
 * it creates the next file, so after a crash only the newest segment can end in torn bytes; {@link
 * #open} cuts them off and appends after the last good record. {@link #truncateBefore} deletes old
 * segments, oldest first.
 *
 * <h2>Failures</h2>
 *
 * If a write or fsync fails the log stops for good: after a failed fsync the OS may have dropped
 * the dirty pages, so nothing written since the last good fsync can be trusted, and retrying would
 * report data as durable that may not be. Waiting and later appends throw {@link
 * StorageErrorCode#IO}; the node reopens the log (which replays and repairs it) to recover.
 */
public final class CommitLog implements AutoCloseable {
    private static final String LOCK_FILE = "LOCK";
    private static final int MAX_CHUNK_SIZE = 256 << 10;
    /** How long an appender spins for another's write turn before it parks. */
    private static final long SPIN_NANOS = 50_000;

    private final Path directory;
    private final CommitLogOptions options;
    private final CommitLogListener listener;
    private final boolean everyWrite;
    private final long intervalNanos;
    private final int chunkSize;
    private final int maxPooledChunks;
    private final FileChannel lockChannel;
    private final FileLock fileLock;
    private final Thread writer;

    private final ReentrantLock lock = new ReentrantLock();
    /** The writer waits on it for work: records to fsync, a full chunk, close. */
    private final Condition workAvailable = lock.newCondition();
    /** Appenders and {@link #sync} wait on it for {@link #durableSequence} to pass theirs. */
    private final Condition durableAdvanced = lock.newCondition();
    /** Appenders wait on it for buffer space. */
    private final Condition spaceFreed = lock.newCondition();

    // Guarded by lock. "Sequence" numbers count appended frame bytes since open; they order records
    // across segments so one number says how far appends, writes and fsyncs have got.
    private ArrayDeque<Chunk> buffered = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> freeChunks = new ArrayDeque<>();
    private Chunk filling;
    private long bufferedBytes;
    private int spaceWaiters;
    private long appendSegment;
    private long appendOffset;
    private long appendedSequence;
    private long durableSequence;
    /** How far the writer has written to the segment files (≥ durableSequence). */
    private volatile long writtenSequence;
    private long requestedSequence;
    private LogPosition durableThrough;
    private long records;
    private long bytesAppended;
    private boolean closing;
    private StorageException failure;

    /**
     * True while a thread holds the write turn. Guarded by lock; the holder alone touches the
     * fields below, and takes and hands back the turn under lock, which orders its writes.
     */
    private volatile boolean writing;
    /** True while the writer thread waits for an appender's turn to end; guarded by lock. */
    private boolean writerWaitsForTurn;

    private SegmentWriter active;
    private volatile long activeSegment;
    private volatile long bytesWritten;

    /**
     * Held while a segment is fsynced or closed: the interval fsync runs outside the write turn
     * (below), and must not meet a segment closed under it.
     */
    private final Object syncLock = new Object();
    // Guarded by syncLock; volatile for stats().
    private volatile long fsyncs;
    private volatile long fsyncNanos;
    private volatile long maxFsyncNanos;

    // Guarded by truncation.
    private final Object truncation = new Object();
    private long oldestSegment;
    private final AtomicInteger segments;

    private final Object closeLock = new Object();
    private boolean closed;

    private CommitLog(Path directory, CommitLogOptions options, FileChannel lockChannel, FileLock fileLock, SegmentWriter active,
            long oldestSegment, int segments) {
        this.directory = directory;
        this.options = options;
        this.listener = options.listener();
        this.everyWrite = options.fsyncPolicy().everyWrite();
        this.intervalNanos = options.fsyncPolicy().interval().toNanos();
        this.chunkSize = Math.min(MAX_CHUNK_SIZE, options.bufferSize());
        this.maxPooledChunks = options.bufferSize() / chunkSize + 1;
        this.lockChannel = lockChannel;
        this.fileLock = fileLock;
        this.active = active;
        this.activeSegment = active.segment();
        this.appendSegment = active.segment();
        this.appendOffset = active.size();
        this.durableThrough = new LogPosition(active.segment(), active.size());
        this.oldestSegment = oldestSegment;
        this.segments = new AtomicInteger(segments);
        this.writer = new Thread(this::runWriter, "commitlog-writer " + directory);
        this.writer.setDaemon(true);
    }

    /**
     * Opens the log in {@code directory}, creating the directory and a first segment if needed.
     * Cuts damaged bytes off the end of the newest segment (reporting them to {@link
     * CommitLogListener#onTailTruncated}) so appends continue after the last good record. Older
     * segments are not read; {@link CommitLogReader#replay} checks them. Holds a lock file in the
     * directory until {@link #close}, so one process and one instance write a log at a time.
     *
     * @throws StorageException {@link StorageErrorCode#IO} if the directory is locked or cannot be
     *     read or written; {@link StorageErrorCode#CORRUPTION} if a segment file is missing
     */
    public static CommitLog open(Path directory, CommitLogOptions options) {
        requireNonNull(directory, "directory is null");
        requireNonNull(options, "options is null");
        FileChannel lockChannel = null;
        FileLock fileLock = null;
        SegmentWriter active = null;
        try {
            Files.createDirectories(directory);
            lockChannel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                fileLock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                throw new StorageException(StorageErrorCode.IO, "commit log " + directory + " is already open in this process");
            }
            if (fileLock == null) {
                throw new StorageException(StorageErrorCode.IO, "commit log " + directory + " is locked by another process");
            }
            List<Long> segments = CommitLogReader.listSegments(directory);
            SegmentFormat.checkContiguous(directory, segments);
            int count = segments.size();
            if (segments.isEmpty()) {
                active = createSegment(directory, 0, options.listener());
                count = 1;
            } else {
                long newest = segments.get(segments.size() - 1);
                active = resumeSegment(directory, newest, options.listener());
                if (active == null) {
                    active = createSegment(directory, newest + 1, options.listener());
                    count++;
                }
            }
            CommitLog log = new CommitLog(directory, options, lockChannel, fileLock, active, segments.isEmpty() ? 0 : segments.get(0), count);
            log.writer.start();
            return log;
        } catch (IOException | RuntimeException e) {
            if (active != null) {
                active.closeQuietly();
            }
            closeQuietly(lockChannel);
            if (e instanceof StorageException se) {
                throw se;
            }
            throw new StorageException(StorageErrorCode.IO, "cannot open commit log " + directory + ": " + e, e);
        }
    }

    /**
     * Opens the newest segment for appending after its last good record, or returns null if it is
     * closed (ends with its end marker) and the next segment must be created.
     */
    private static SegmentWriter resumeSegment(Path directory, long segment, CommitLogListener listener) throws IOException {
        Path file = SegmentFormat.file(directory, segment);
        SegmentScanner.Result scan = new SegmentScanner().scan(file, segment, 0, null);
        return switch (scan.ending()) {
            case END_MARKER -> null;
            case END_OF_FILE -> SegmentWriter.resume(directory, segment, scan.end(), scan.records());
            case DAMAGED -> {
                SegmentWriter writer = SegmentWriter.resume(directory, segment, scan.end(), scan.records());
                notify(listener, () -> listener.onTailTruncated(
                        new TailDamage(file, segment, scan.end(), scan.fileSize() - scan.end(), scan.problem())));
                yield writer;
            }
            case BAD_HEADER -> {
                // Torn while the segment was being created (nothing in it can have been acknowledged
                // then), or damaged since: either way none of its records can be trusted.
                Files.delete(file);
                SegmentWriter writer = createSegment(directory, segment, CommitLogListener.NONE);
                writer.force();
                notify(listener, () -> listener.onTailTruncated(new TailDamage(file, segment, 0, scan.fileSize(), scan.problem())));
                yield writer;
            }
        };
    }

    private static SegmentWriter createSegment(Path directory, long segment, CommitLogListener listener) {
        SegmentWriter writer = SegmentWriter.create(directory, segment);
        try {
            SegmentFormat.syncDirectory(directory);
        } catch (StorageException e) {
            writer.closeQuietly();
            throw e;
        }
        notify(listener, () -> listener.onSegmentCreated(segment, writer.file()));
        return writer;
    }

    public Path directory() {
        return directory;
    }

    public CommitLogOptions options() {
        return options;
    }

    /** Appends {@code payload}; see {@link #append(byte[], int, int)}. */
    public LogPosition append(byte[] payload) {
        requireNonNull(payload, "payload is null");
        return append(payload, 0, payload.length);
    }

    /**
     * Appends {@code payload[offset .. offset + length)} as one record and returns where it starts.
     * With {@code everyWrite}, returns once the record is on disk; with an interval, once it is
     * written to the segment file (in the OS page cache).
     *
     * @throws IllegalArgumentException if the payload is empty or larger than {@link
     *     CommitLogOptions#maxPayloadSize()}
     * @throws StorageException {@link StorageErrorCode#IO} if the log has failed (or the thread was
     *     interrupted while waiting; the record may then still become durable), {@link
     *     StorageErrorCode#NOT_READY} if it is closed
     */
    public LogPosition append(byte[] payload, int offset, int length) {
        requireNonNull(payload, "payload is null");
        Objects.checkFromIndexSize(offset, length, payload.length);
        if (length == 0) {
            throw new IllegalArgumentException("payload must not be empty");
        }
        if (length > options.maxPayloadSize()) {
            throw new IllegalArgumentException("payload of " + length + " bytes does not fit a segment of " + options.segmentSize()
                    + " bytes (at most " + options.maxPayloadSize() + ")");
        }
        CRC32C crc = new CRC32C();
        crc.update(payload, offset, length);
        int checksum = (int) crc.getValue();
        int frameSize = FRAME_HEADER_SIZE + length;

        lock.lock();
        try {
            checkWritable();
            while (bufferedBytes > 0 && bufferedBytes + frameSize > options.bufferSize()) {
                spaceWaiters++;
                workAvailable.signal();
                try {
                    awaitInterruptibly(spaceFreed, "buffer space; the record was not appended");
                } finally {
                    spaceWaiters--;
                }
                checkWritable();
            }
            if (appendOffset + frameSize + END_MARKER_SIZE > options.segmentSize()) {
                appendSegment++;
                appendOffset = HEADER_SIZE;
            }
            Chunk chunk = filling;
            if (chunk == null || chunk.segment != appendSegment || chunk.bytes.remaining() < frameSize) {
                chunk = new Chunk(appendSegment, appendOffset, takeChunkBuffer(frameSize));
                buffered.addLast(chunk);
                filling = chunk;
            }
            LogPosition position = new LogPosition(appendSegment, appendOffset);
            chunk.bytes.putInt(length).putInt(checksum).put(payload, offset, length);
            chunk.records++;
            appendOffset += frameSize;
            appendedSequence += frameSize;
            bufferedBytes += frameSize;
            records++;
            bytesAppended += frameSize;
            if (everyWrite) {
                awaitDurable(appendedSequence, position);
            } else {
                awaitWritten(appendedSequence, position);
            }
            return position;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns once every record appended before this call is on disk.
     *
     * @throws StorageException {@link StorageErrorCode#IO} if the log has failed or the thread was
     *     interrupted, {@link StorageErrorCode#NOT_READY} if the log was closed before it got there
     */
    public void sync() {
        lock.lock();
        try {
            if (durableSequence >= appendedSequence) {
                return;
            }
            checkWritable();
            awaitDurable(appendedSequence, null);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes the segment files that lie entirely before {@code position}, oldest first; used once
     * what they hold is safe elsewhere (a flushed block, a head snapshot). Never deletes the
     * segment the writer is writing, so a position in a segment the writer has not reached yet
     * deletes only up to the writer's.
     *
     * @return how many segment files were deleted
     * @throws StorageException {@link StorageErrorCode#IO} if a file cannot be deleted, {@link
     *     StorageErrorCode#NOT_READY} if the log is closed
     */
    public int truncateBefore(LogPosition position) {
        requireNonNull(position, "position is null");
        synchronized (truncation) {
            lock.lock();
            try {
                if (closing) {
                    throw new StorageException(StorageErrorCode.NOT_READY, "commit log " + directory + " is closed");
                }
            } finally {
                lock.unlock();
            }
            long limit = Math.min(position.segment(), activeSegment);
            int deleted = 0;
            while (oldestSegment < limit) {
                long segment = oldestSegment;
                Path file = SegmentFormat.file(directory, segment);
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new StorageException(StorageErrorCode.IO, "cannot delete commit log segment " + file + ": " + e, e);
                }
                oldestSegment++;
                segments.decrementAndGet();
                deleted++;
                notify(listener, () -> listener.onSegmentDeleted(segment, file));
            }
            if (deleted > 0) {
                SegmentFormat.syncDirectory(directory);
            }
            return deleted;
        }
    }

    public CommitLogStats stats() {
        lock.lock();
        try {
            return new CommitLogStats(records, bytesAppended, bytesWritten, bufferedBytes, fsyncs, fsyncNanos, maxFsyncNanos,
                    segments.get(), durableThrough);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes and fsyncs everything appended, stops the writer and releases the directory. Appends
     * racing with close either make it in (and are durable when close returns) or throw {@link
     * StorageErrorCode#NOT_READY}. Idempotent.
     *
     * @throws StorageException {@link StorageErrorCode#IO} if the log had failed: then not
     *     everything appended is on disk
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
            lock.lock();
            try {
                closing = true;
                workAvailable.signal();
            } finally {
                lock.unlock();
            }
            boolean interrupted = false;
            while (writer.isAlive()) {
                try {
                    writer.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            try {
                fileLock.release();
            } catch (IOException e) {
                // Closing the channel releases the lock too.
            }
            closeQuietly(lockChannel);
            lock.lock();
            try {
                if (failure != null) {
                    throw new StorageException(StorageErrorCode.IO, "commit log " + directory + " failed before close; records appended "
                            + "after " + durableThrough + " may be lost: " + failure.getMessage(), failure);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    // ---- appender side (lock held) ----

    private void checkWritable() {
        if (failure != null) {
            throw new StorageException(StorageErrorCode.IO, "commit log " + directory + " has failed: " + failure.getMessage(), failure);
        }
        if (closing) {
            throw new StorageException(StorageErrorCode.NOT_READY, "commit log " + directory + " is closed");
        }
    }

    /**
     * Waits until {@code sequence} is handed to the OS (a process crash can no longer lose it; a
     * machine crash until the next fsync can), writing everything buffered itself when nobody else
     * holds the write turn. Appenders waiting together share one write.
     */
    private void awaitWritten(long sequence, LogPosition position) {
        while (writtenSequence < sequence) {
            if (failure != null) {
                throw new StorageException(StorageErrorCode.IO, "commit log " + directory + " failed before the record at "
                        + position + " was written: " + failure.getMessage(), failure);
            }
            if (!writing) {
                writeTurn();
            } else if (!spinWhileWriting(sequence) && writing && writtenSequence < sequence) {
                // Checked again under the lock: a turn that ended after the spin gave up has
                // already signalled, and waiting now would sleep until the next turn.
                awaitInterruptibly(durableAdvanced, "the write of the record at " + position
                        + "; it was appended and may still be written");
            }
        }
    }

    /**
     * Another thread's write turn takes a few microseconds, less than parking and waking this
     * thread would: spins for up to {@link #SPIN_NANOS} without the lock, and returns whether the
     * turn ended (or covered {@code sequence}) meanwhile. Called and returns with {@link #lock}
     * held once.
     */
    private boolean spinWhileWriting(long sequence) {
        lock.unlock();
        try {
            long deadline = System.nanoTime() + SPIN_NANOS;
            while (writing && writtenSequence < sequence) {
                if (System.nanoTime() - deadline > 0) {
                    return false;
                }
                Thread.onSpinWait();
            }
            return true;
        } finally {
            lock.lock();
        }
    }

    /**
     * An appender's write turn: writes everything buffered (no fsync). Called and returns with
     * {@link #lock} held once; releases it during the write. A failed write fails the log.
     */
    private void writeTurn() {
        writing = true;
        ArrayDeque<Chunk> batch = takeBuffered();
        long batchEnd = appendedSequence;
        long written;
        lock.unlock();
        try {
            written = write(batch);
        } catch (RuntimeException | Error e) {
            lock.lock();
            writing = false;
            StorageException failed = e instanceof StorageException se
                    ? se
                    : new StorageException(StorageErrorCode.IO, "commit log write to " + directory + " failed: " + e, e);
            fail(failed);
            workAvailable.signal();
            if (e instanceof Error error) {
                throw error;
            }
            throw failed;
        }
        lock.lock();
        finishWrite(batch, written, batchEnd);
        writing = false;
        durableAdvanced.signalAll();
        if (writerWaitsForTurn) {
            workAvailable.signal(); // only then: waking the writer after every turn costs a context switch
        }
    }

    /** Takes every buffered chunk for a write turn; lock held. */
    private ArrayDeque<Chunk> takeBuffered() {
        ArrayDeque<Chunk> batch = buffered;
        buffered = new ArrayDeque<>();
        filling = null;
        return batch;
    }

    /** After a write turn wrote {@code batch} up to {@code batchEnd}: frees its space; lock held. */
    private void finishWrite(ArrayDeque<Chunk> batch, long written, long batchEnd) {
        bufferedBytes -= written;
        for (Chunk chunk : batch) {
            if (chunk.bytes.capacity() == chunkSize && freeChunks.size() < maxPooledChunks) {
                freeChunks.addLast(chunk.bytes.clear());
            }
        }
        spaceFreed.signalAll();
        writtenSequence = batchEnd;
    }

    /** Waits until an fsync covers {@code sequence}; asks the writer for one. */
    private void awaitDurable(long sequence, LogPosition position) {
        if (requestedSequence < sequence) {
            requestedSequence = sequence;
            workAvailable.signal();
        }
        while (durableSequence < sequence) {
            if (failure != null) {
                throw new StorageException(StorageErrorCode.IO, "commit log " + directory + " failed before "
                        + (position == null ? "the sync" : "the record at " + position) + " was durable: " + failure.getMessage(), failure);
            }
            awaitInterruptibly(durableAdvanced, position == null
                    ? "an fsync"
                    : "the fsync of the record at " + position + "; it was appended and may still become durable");
        }
    }

    private void awaitInterruptibly(Condition condition, String what) {
        try {
            condition.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(StorageErrorCode.IO, "interrupted while waiting for " + what + " (commit log " + directory + ")", e);
        }
    }

    private ByteBuffer takeChunkBuffer(int frameSize) {
        if (frameSize > chunkSize) {
            // One oversized record: a heap buffer of its own, dropped after the write.
            return ByteBuffer.allocate(frameSize).order(ByteOrder.LITTLE_ENDIAN);
        }
        ByteBuffer free = freeChunks.pollFirst();
        return free != null ? free : ByteBuffer.allocate(chunkSize).order(ByteOrder.LITTLE_ENDIAN);
    }

    // ---- writer thread ----

    private void runWriter() {
        long nextSyncDeadline = System.nanoTime() + intervalNanos;
        try {
            while (true) {
                ArrayDeque<Chunk> batch;
                long batchEnd;
                boolean fsync;
                boolean stop;
                lock.lock();
                try {
                    while (writing || !closing && requestedSequence <= durableSequence) {
                        if (failure != null) {
                            return; // an appender's write failed the log
                        }
                        if (writing) {
                            // An appender holds the turn; it signals when it hands it back.
                            writerWaitsForTurn = true;
                            workAvailable.awaitUninterruptibly();
                            writerWaitsForTurn = false;
                            continue;
                        }
                        if (spaceWaiters > 0 && bufferedBytes > 0) {
                            break;
                        }
                        if (everyWrite) {
                            workAvailable.awaitUninterruptibly();
                            continue;
                        }
                        if (bufferedBytes >= chunkSize) {
                            break;
                        }
                        long wait = nextSyncDeadline - System.nanoTime();
                        if (wait <= 0) {
                            break;
                        }
                        awaitNanosUninterruptibly(wait);
                    }
                    writing = true;
                    batch = takeBuffered();
                    batchEnd = appendedSequence;
                    stop = closing;
                    long now = System.nanoTime();
                    boolean intervalDue = !everyWrite && now - nextSyncDeadline >= 0;
                    // Nothing new since the last fsync (an idle interval, a close after a sync): skip it.
                    fsync = (stop || requestedSequence > durableSequence || intervalDue) && batchEnd > durableSequence;
                    if (intervalDue || fsync) {
                        nextSyncDeadline = now + intervalNanos;
                    }
                } finally {
                    lock.unlock();
                }

                long written = write(batch);
                // With an interval nobody waits for the fsync, so it runs after the turn is handed
                // back and appenders go on writing meanwhile; with everyWrite (and at close) the
                // turn covers it.
                boolean syncAfterTurn = fsync && !everyWrite && !stop;
                SegmentWriter segment = active;
                LogPosition synced = new LogPosition(segment.segment(), segment.size());
                if (fsync && !syncAfterTurn) {
                    force(segment, synced);
                }

                boolean needsSync;
                lock.lock();
                try {
                    finishWrite(batch, written, batchEnd);
                    writing = false;
                    if (fsync && !syncAfterTurn) {
                        advanceDurable(batchEnd, synced);
                    }
                    needsSync = syncAfterTurn;
                    durableAdvanced.signalAll();
                } finally {
                    lock.unlock();
                }
                if (needsSync) {
                    force(segment, synced);
                    lock.lock();
                    try {
                        advanceDurable(batchEnd, synced);
                        durableAdvanced.signalAll();
                    } finally {
                        lock.unlock();
                    }
                }
                if (stop) {
                    active.close();
                    return;
                }
            }
        } catch (StorageException e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(new StorageException(StorageErrorCode.IO, "commit log writer for " + directory + " failed: " + e, e));
        } catch (Error e) {
            fail(new StorageException(StorageErrorCode.IO, "commit log writer for " + directory + " failed: " + e, e));
            throw e;
        }
    }

    private void awaitNanosUninterruptibly(long nanos) {
        try {
            workAvailable.awaitNanos(nanos);
        } catch (InterruptedException e) {
            // Nobody interrupts the writer; if something does, keep the flag and go on.
            Thread.currentThread().interrupt();
        }
    }

    /** Writes the chunks to their segments, moving to the next segment where they say; returns the bytes written. */
    private long write(ArrayDeque<Chunk> batch) {
        long written = 0;
        int recordsWritten = 0;
        for (Chunk chunk : batch) {
            if (chunk.segment != active.segment()) {
                startNextSegment(chunk.segment);
            }
            int length = chunk.bytes.flip().remaining();
            active.writeFrames(chunk.bytes, chunk.offset, chunk.records);
            written += length;
            recordsWritten += chunk.records;
        }
        if (written > 0) {
            bytesWritten += written;
            long bytes = written;
            int count = recordsWritten;
            notify(listener, () -> listener.onWrite(count, bytes));
        }
        return written;
    }

    /**
     * Closes the active segment with its end marker and fsyncs it before creating the next one, so
     * a crash can tear only the newest segment. Holds {@link #syncLock} so an fsync running outside
     * the turn never meets a closed file.
     */
    private void startNextSegment(long segment) {
        if (segment != active.segment() + 1) {
            throw new IllegalStateException("the writer is at segment " + active.segment() + " but the next chunk is for segment " + segment);
        }
        synchronized (syncLock) {
            long recordsEnd = active.size();
            active.writeEndMarker();
            bytesWritten += END_MARKER_SIZE;
            force(active, new LogPosition(active.segment(), recordsEnd));
            active.close();
        }
        SegmentWriter next = createSegment(directory, segment, listener);
        active = next;
        bytesWritten += HEADER_SIZE;
        activeSegment = segment;
        segments.incrementAndGet();
    }

    /**
     * fsyncs {@code segment}, which holds everything written through {@code through}. If a
     * segment change closed it meanwhile, that change fsynced it first, and nothing is left to do.
     */
    private void force(SegmentWriter segment, LogPosition through) {
        synchronized (syncLock) {
            if (segment.isClosed()) {
                return;
            }
            long start = System.nanoTime();
            segment.force();
            long nanos = System.nanoTime() - start;
            fsyncs++;
            fsyncNanos += nanos;
            if (nanos > maxFsyncNanos) {
                maxFsyncNanos = nanos;
            }
            notify(listener, () -> listener.onFsync(nanos, through));
        }
    }

    /** After an fsync covering {@code sequence}, at {@code through}; lock held. */
    private void advanceDurable(long sequence, LogPosition through) {
        if (sequence > durableSequence) {
            durableSequence = sequence;
            durableThrough = through;
        }
    }

    private void fail(StorageException e) {
        lock.lock();
        try {
            if (failure != null) {
                return; // the first failure is the one reported
            }
            failure = e;
            durableAdvanced.signalAll();
            spaceFreed.signalAll();
        } finally {
            lock.unlock();
        }
        synchronized (syncLock) {
            active.closeQuietly();
        }
        notify(listener, () -> listener.onFailure(e));
    }

    // ---- helpers ----

    /** Runs a listener callback; an exception goes to the uncaught-exception handler rather than into the log. */
    private static void notify(CommitLogListener listener, Runnable callback) {
        if (listener == CommitLogListener.NONE) {
            return;
        }
        try {
            callback.run();
        } catch (RuntimeException e) {
            Thread thread = Thread.currentThread();
            thread.getUncaughtExceptionHandler().uncaughtException(thread, e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing was written through it.
            }
        }
    }

    /** Frames for one segment, contiguous from {@code offset}, waiting for the writer. */
    private static final class Chunk {
        final long segment;
        final long offset;
        final ByteBuffer bytes;
        int records;

        Chunk(long segment, long offset, ByteBuffer bytes) {
            this.segment = segment;
            this.offset = offset;
            this.bytes = bytes;
        }
    }
}
