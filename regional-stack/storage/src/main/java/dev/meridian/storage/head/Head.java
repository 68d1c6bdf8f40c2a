package dev.meridian.storage.head;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.storage.NamespaceOptions;
import dev.meridian.storage.SeriesError;
import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import dev.meridian.storage.TimeRange;
import dev.meridian.storage.WriteBatch;
import dev.meridian.storage.WriteResult;
import dev.meridian.storage.chunk.Chunk;
import dev.meridian.storage.chunk.ChunkAppender;
import dev.meridian.storage.chunk.ChunkEncoding;
import dev.meridian.storage.chunk.ChunkMerger;
import dev.meridian.storage.chunk.Chunks;
import dev.meridian.storage.commitlog.LogPosition;
import dev.meridian.storage.index.MemIndex;
import dev.meridian.storage.index.PostingsReader;
import dev.meridian.storage.series.SeriesLabels;
import dev.meridian.storage.series.SeriesValidator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.roaringbitmap.RoaringBitmap;

/**
 * The in-memory part of a namespace: every series written recently, its open chunk on the heap,
 * its sealed chunks in memory-mapped {@link HeadChunkFiles} per block window, and the active
 * index ({@link MemIndex}) that spans block windows. Writes are logged to the {@link HeadLog}
 * before they are acknowledged.
 *
 * <h2>Accepted samples</h2>
 * A sample at {@code t} is accepted when {@code now - bufferPast <= t <= now + bufferFuture} and
 * its block window has not been flushed ({@code t >= minValidTime}). A sample newer than the
 * series' last one is appended to the open chunk; one at the last timestamp with the same value
 * bits is a no-op (a retried write), with another value a {@link StorageErrorCode#DUPLICATE_SAMPLE};
 * an older one (out of order) goes to the series' {@link OutOfOrderBuffer} unless it repeats a
 * stored timestamp, and is merged into chunks when its window is flushed.
 *
 * <h2>Block windows</h2>
 * Chunks never span a window boundary: the first sample of a new window seals the open chunk
 * into the files of its window. When a window closes ({@code now >= end + bufferPast}) the
 * namespace {@linkplain #closeWindow closes} it here (no more samples for it), writes its block
 * from {@link ClosedWindow}, and then {@linkplain #dropWindow drops} it: the series lose the
 * window's chunk references and its files are deleted. The index is untouched by all this; it
 * loses a series only when {@link #collectGarbage} finds it has been silent for a block duration
 * and holds no unflushed samples (DESIGN.md: the active index block).
 *
 * <h2>Concurrency</h2>
 * Series state is guarded by each series' monitor. New series are logged before they are
 * published, so a SAMPLES record never precedes the SERIES record of its series in the log.
 * {@link #writeGate} is held shared by every write and exclusively by log truncation (which must
 * see every logged series) and by close.
 */
public final class Head implements AutoCloseable {
    /** Samples of a series' newest window can still arrive this long after it; see NamespaceOptions. */
    private final NamespaceOptions options;
    private final Path dir;
    private final ChunkEncoding encoding;
    private final SeriesValidator validator;
    private final int chunkFileBytes;
    private final HeadLog log;
    private final HeadMetrics metrics;
    private final long blockSize;

    private final ConcurrentHashMap<SeriesLabels, MemSeries> series = new ConcurrentHashMap<>();
    private final MemIndex index = new MemIndex();
    private final Object refLock = new Object();
    private volatile MemSeries[] byRef = new MemSeries[1024];
    private int nextRef = 1;

    private final Object windowLock = new Object();
    private volatile HeadWindow[] windows = new HeadWindow[0];
    private volatile long minValidTime;
    /** Starts of the windows that hold unflushed samples. */
    private final ConcurrentSkipListSet<Long> dataWindows = new ConcurrentSkipListSet<>();
    /**
     * The window {@link #noteWindow} noted last. A window leaves {@link #dataWindows} only when it
     * closes, after which no sample in it is accepted, so skipping it here never loses a window.
     */
    private volatile long lastNotedWindow = Long.MIN_VALUE;

    /**
     * The window being flushed: closed, so gone from {@link #dataWindows}, but its samples are
     * still here until {@link #dropWindow}; {@code Long.MAX_VALUE} when none is.
     */
    private volatile long closingWindow = Long.MAX_VALUE;
    /** The newest sample time accepted (written, replayed or restored); {@code Long.MIN_VALUE} before any. */
    private final AtomicLong newestSample = new AtomicLong(Long.MIN_VALUE);

    /** The window replay noted last (replay runs on one thread). */
    private long replayNoted = Long.MIN_VALUE;

    private final ReentrantReadWriteLock writeGate = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private static final ThreadLocal<Records.Encoder> SAMPLE_RECORDS = ThreadLocal.withInitial(Records.Encoder::new);
    private static final ThreadLocal<Records.Encoder> SERIES_RECORDS = ThreadLocal.withInitial(Records.Encoder::new);

    Head(HeadConfig config, HeadLog log, long minValidTime) {
        this.options = config.namespace();
        this.dir = config.dir();
        this.encoding = config.encoding();
        this.validator = new SeriesValidator(config.limits());
        this.chunkFileBytes = config.chunkFileBytes();
        this.metrics = config.metrics();
        this.log = requireNonNull(log, "log is null");
        this.blockSize = options.blockSize().toMillis();
        this.minValidTime = minValidTime;
    }

    public NamespaceOptions options() {
        return options;
    }

    /** Samples before this time are in blocks; the head holds nothing older. */
    public long minValidTime() {
        return minValidTime;
    }

    public int seriesCount() {
        return series.size();
    }

    public PostingsReader index() {
        return index;
    }

    HeadLog log() {
        return log;
    }

    // ---------------------------------------------------------------- write path

    /** Outcome of appending one sample to one series. */
    enum AppendStatus {
        ACCEPTED,
        /** Same timestamp and value bits as a stored sample: a retried write, stored already. */
        ALREADY_STORED,
        TOO_OLD,
        TOO_NEW,
        /** The sample's window was flushed to a block. */
        WINDOW_FLUSHED,
        DUPLICATE,
        /** The series was garbage-collected while the writer held it; look it up again. */
        SERIES_REMOVED
    }

    /**
     * Writes a batch: validates new series, appends every sample inside the accepted window, logs
     * the new series and the accepted samples, and returns once the log holds them durably (per
     * its fsync policy). Samples stored already count as written, so a retried batch succeeds.
     *
     * @throws StorageException {@code NOT_READY} after close, {@code IO} if the log fails (samples
     *     may then be visible to queries without being durable; the writer retries)
     */
    public WriteResult write(WriteBatch batch, long now) {
        requireNonNull(batch, "batch is null");
        ReentrantReadWriteLock.ReadLock gate = writeGate.readLock();
        gate.lock();
        try {
            if (closed) {
                throw new StorageException(StorageErrorCode.NOT_READY, "namespace " + options.name() + " is closing");
            }
            MemSeries[] resolved = resolve(batch, now);
            return appendAll(batch, resolved, now);
        } finally {
            gate.unlock();
        }
    }

    /** Finds or creates the series of every entry; entries whose labels are invalid stay null. */
    private MemSeries[] resolve(WriteBatch batch, long now) {
        int n = batch.size();
        MemSeries[] resolved = new MemSeries[n];
        Map<SeriesLabels, MemSeries> created = null;
        for (int i = 0; i < n; i++) {
            SeriesLabels labels = batch.labels(i);
            MemSeries s = series.get(labels);
            if (s == null && created != null) {
                s = created.get(labels);
            }
            if (s == null && validator.problem(labels.bytes()) == null) {
                if (created == null) {
                    created = new HashMap<>();
                }
                s = new MemSeries(allocateRef(), labels, now);
                created.put(labels, s);
            }
            resolved[i] = s;
        }
        if (created != null) {
            Map<MemSeries, MemSeries> winners = publish(created.values());
            if (!winners.isEmpty()) {
                for (int i = 0; i < n; i++) {
                    MemSeries winner = resolved[i] == null ? null : winners.get(resolved[i]);
                    if (winner != null) {
                        resolved[i] = winner;
                    }
                }
            }
        }
        return resolved;
    }

    /**
     * Logs new series and then makes them visible. Another writer may have published the same
     * labels meanwhile; then that series is used and ours stays an unused alias in the log (replay
     * maps both references to one series). Returns the series replaced that way.
     */
    private Map<MemSeries, MemSeries> publish(Iterable<MemSeries> fresh) {
        Records.Encoder enc = SERIES_RECORDS.get();
        enc.startSeries();
        for (MemSeries s : fresh) {
            enc.series(s.ref, s.labels.bytes());
        }
        log.appendSeries(enc);
        Map<MemSeries, MemSeries> winners = Map.of();
        for (MemSeries s : fresh) {
            MemSeries prev = series.putIfAbsent(s.labels, s);
            if (prev != null) {
                if (winners.isEmpty()) {
                    winners = new HashMap<>();
                }
                winners.put(s, prev);
            } else {
                register(s);
            }
        }
        return winners;
    }

    private WriteResult appendAll(WriteBatch batch, MemSeries[] resolved, long now) {
        long lower = now - options.bufferPast().toMillis();
        long upper = now + options.bufferFuture().toMillis();
        Records.Encoder enc = SAMPLE_RECORDS.get();
        enc.startSamples();
        long maxTime = Long.MIN_VALUE;
        long noted = Long.MIN_VALUE;
        long written = 0;
        List<SeriesError> errors = null;
        for (int i = 0; i < batch.size(); i++) {
            int first = batch.firstSample(i);
            int end = batch.endSample(i);
            MemSeries s = resolved[i];
            if (s == null) {
                errors = add(errors, new SeriesError(batch.labels(i).toString(), StorageErrorCode.INVALID_SERIES,
                        validator.problem(batch.labels(i).bytes()), end - first));
                continue;
            }
            int rejected = 0;
            AppendStatus firstProblem = null;
            long problemTime = 0;
            int j = first;
            while (j < end) {
                synchronized (s) {
                    if (s.removed) {
                        // Collected between lookup and lock: fall through to look it up again.
                    } else {
                        for (; j < end; j++) {
                            long t = batch.timestamp(j);
                            double v = batch.value(j);
                            AppendStatus status = appendLocked(s, t, v, lower, upper);
                            if (status == AppendStatus.ACCEPTED) {
                                enc.sample(s.ref, t, v);
                                maxTime = Math.max(maxTime, t);
                                written++;
                                if (t < noted || t >= noted + blockSize) {
                                    noted = windowStart(t);
                                    noteWindow(noted);
                                }
                            } else if (status == AppendStatus.ALREADY_STORED) {
                                written++;
                            } else {
                                rejected++;
                                if (firstProblem == null) {
                                    firstProblem = status;
                                    problemTime = t;
                                }
                            }
                        }
                    }
                }
                if (j < end) {
                    s = recreate(batch.labels(i), now);
                }
            }
            if (rejected > 0) {
                errors = add(errors, rejection(s, firstProblem, problemTime, now, rejected));
            }
        }
        if (enc.count() > 0) {
            noteNewest(maxTime);
            log.appendSamples(enc, maxTime);
        }
        metrics.samplesAppended(written);
        return new WriteResult(written, errors == null ? List.of() : errors);
    }

    private MemSeries recreate(SeriesLabels labels, long now) {
        MemSeries s = series.get(labels);
        if (s != null) {
            return s;
        }
        MemSeries fresh = new MemSeries(allocateRef(), labels, now);
        Map<MemSeries, MemSeries> winners = publish(List.of(fresh));
        return winners.getOrDefault(fresh, fresh);
    }

    private static List<SeriesError> add(List<SeriesError> errors, SeriesError error) {
        List<SeriesError> list = errors == null ? new ArrayList<>() : errors;
        list.add(error);
        return list;
    }

    private SeriesError rejection(MemSeries s, AppendStatus status, long t, long now, int rejected) {
        String at = "sample at " + Instant.ofEpochMilli(t);
        return switch (status) {
            case TOO_OLD -> new SeriesError(s.labels.toString(), StorageErrorCode.SAMPLE_OUT_OF_BOUNDS,
                    at + " is older than the accepted window: samples may be at most " + human(options.bufferPast())
                            + " (bufferPast) older than now (" + Instant.ofEpochMilli(now) + ")", rejected);
            case TOO_NEW -> new SeriesError(s.labels.toString(), StorageErrorCode.SAMPLE_OUT_OF_BOUNDS,
                    at + " is too far in the future: samples may be at most " + human(options.bufferFuture())
                            + " (bufferFuture) ahead of now (" + Instant.ofEpochMilli(now) + ")", rejected);
            case WINDOW_FLUSHED -> new SeriesError(s.labels.toString(), StorageErrorCode.SAMPLE_OUT_OF_BOUNDS,
                    at + " is older than the accepted window: its block was already flushed (the head accepts samples from "
                            + Instant.ofEpochMilli(minValidTime) + " on)", rejected);
            case DUPLICATE -> new SeriesError(s.labels.toString(), StorageErrorCode.DUPLICATE_SAMPLE,
                    at + " has a different value than the sample already stored at that timestamp", rejected);
            case ACCEPTED, ALREADY_STORED, SERIES_REMOVED -> throw new IllegalStateException("not a rejection: " + status);
        };
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase();
    }

    /**
     * Appends one sample; the caller holds the series' monitor. Bounds {@code lower}/{@code upper}
     * are the accepted window ({@code Long.MIN_VALUE}/{@code MAX_VALUE} on replay).
     */
    AppendStatus appendLocked(MemSeries s, long t, double v, long lower, long upper) {
        if (s.removed) {
            return AppendStatus.SERIES_REMOVED;
        }
        if (t < minValidTime) {
            return AppendStatus.WINDOW_FLUSHED;
        }
        if (t < lower) {
            return AppendStatus.TOO_OLD;
        }
        if (t > upper) {
            return AppendStatus.TOO_NEW;
        }
        long bits = Double.doubleToRawLongBits(v);
        if (t > s.lastTime) {
            appendInOrder(s, t, v);
            s.lastTime = t;
            s.lastValueBits = bits;
            return AppendStatus.ACCEPTED;
        }
        if (t == s.lastTime) {
            return bits == s.lastValueBits ? AppendStatus.ALREADY_STORED : AppendStatus.DUPLICATE;
        }
        return appendOutOfOrder(s, t, v, bits);
    }

    private void appendInOrder(MemSeries s, long t, double v) {
        ChunkAppender open = s.open;
        int expectedBytes = 0;
        if (open != null) {
            if (windowStart(open.minTime()) == windowStart(t) && open.append(t, v)) {
                return;
            }
            expectedBytes = open.numSamples() == ChunkAppender.MAX_SAMPLES ? open.encodedBytes() : 0;
            seal(s);
        }
        open = Chunks.newAppender(encoding, expectedBytes);
        open.append(t, v);
        s.open = open;
    }

    private AppendStatus appendOutOfOrder(MemSeries s, long t, double v, long bits) {
        OutOfOrderBuffer buffer = s.outOfOrder;
        if (buffer != null) {
            int i = buffer.find(t);
            if (i >= 0) {
                return Double.doubleToRawLongBits(buffer.value(i)) == bits ? AppendStatus.ALREADY_STORED : AppendStatus.DUPLICATE;
            }
        }
        Long stored = storedBits(s, t);
        if (stored != null) {
            return stored == bits ? AppendStatus.ALREADY_STORED : AppendStatus.DUPLICATE;
        }
        if (buffer == null) {
            buffer = new OutOfOrderBuffer();
            s.outOfOrder = buffer;
        }
        buffer.insert(t, v);
        metrics.outOfOrderSample();
        return AppendStatus.ACCEPTED;
    }

    /** The value bits stored in a chunk of the series at exactly {@code t}, or null. Rare: out-of-order only. */
    private Long storedBits(MemSeries s, long t) {
        for (int i = 0; i < s.sealedCount; i++) {
            long ref = s.sealed[i];
            HeadWindow w = window(HeadChunkRef.windowTag(ref));
            long fileRef = HeadChunkRef.fileRef(ref);
            if (w != null && t >= w.files().minTime(fileRef) && t <= w.files().maxTime(fileRef)) {
                Long found = find(w.files().read(fileRef), t);
                if (found != null) {
                    return found;
                }
            }
        }
        if (s.open != null && t >= s.open.minTime()) {
            return find(s.open.snapshot(), t);
        }
        return null;
    }

    private static Long find(Chunk chunk, long t) {
        var it = chunk.iterator();
        if (it.seek(t) && it.timestamp() == t) {
            return Double.doubleToRawLongBits(it.value());
        }
        return null;
    }

    /** Moves the open chunk to its window's files; the caller holds the series' monitor. */
    private void seal(MemSeries s) {
        Chunk chunk = s.open.snapshot();
        HeadWindow w = windowFor(windowStart(chunk.minTime()));
        s.addSealed(HeadChunkRef.of(w.tag(), w.files().append(chunk)));
        s.open = null;
    }

    long windowStart(long t) {
        return Math.floorDiv(t, blockSize) * blockSize;
    }

    // ---------------------------------------------------------------- series registry

    private int allocateRef() {
        synchronized (refLock) {
            if (nextRef == Integer.MAX_VALUE) {
                throw new StorageException(StorageErrorCode.IO, "namespace " + options.name() + " ran out of series references");
            }
            return nextRef++;
        }
    }

    /** Makes a published series findable by reference and by the index. */
    private void register(MemSeries s) {
        synchronized (refLock) {
            MemSeries[] refs = byRef;
            if (s.ref >= refs.length) {
                refs = Arrays.copyOf(refs, Math.max(refs.length * 2, s.ref + 1));
            }
            refs[s.ref] = s;
            byRef = refs;
            nextRef = Math.max(nextRef, s.ref + 1);
        }
        index.add(s.ref, s.labels.toLabels());
        metrics.seriesCreated();
    }

    /** The series with head reference {@code ref}, or null if there is none (any more). */
    public MemSeries series(int ref) {
        MemSeries[] refs = byRef;
        return ref > 0 && ref < refs.length ? refs[ref] : null;
    }

    // ---------------------------------------------------------------- replay and restore

    /** Replay: a SERIES record. A second reference to labels already known becomes an alias. */
    void replaySeries(int ref, SeriesLabels labels, List<Integer> aliases) {
        MemSeries existing = series.get(labels);
        if (existing != null) {
            if (existing.ref != ref && series(ref) == null) {
                setRef(ref, existing);
                aliases.add(ref);
            }
            return;
        }
        MemSeries s = new MemSeries(ref, labels, Long.MIN_VALUE);
        series.put(labels, s);
        register(s);
    }

    private void setRef(int ref, MemSeries s) {
        synchronized (refLock) {
            MemSeries[] refs = byRef;
            if (ref >= refs.length) {
                refs = Arrays.copyOf(refs, Math.max(refs.length * 2, ref + 1));
            }
            refs[ref] = s;
            byRef = refs;
            nextRef = Math.max(nextRef, ref + 1);
        }
    }

    /** After replay: alias references were only needed to read the log. */
    void dropAliases(List<Integer> aliases) {
        synchronized (refLock) {
            for (int ref : aliases) {
                byRef[ref] = null;
            }
        }
    }

    /** Replay: a SAMPLES record's sample. Unknown references report {@code SERIES_REMOVED}. */
    AppendStatus replaySample(int ref, long t, double v) {
        MemSeries s = series(ref);
        if (s == null) {
            return AppendStatus.SERIES_REMOVED;
        }
        AppendStatus status;
        synchronized (s) {
            status = appendLocked(s, t, v, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        if (status == AppendStatus.ACCEPTED) {
            noteNewest(t);
            if (t < replayNoted || t >= replayNoted + blockSize) {
                replayNoted = windowStart(t);
                noteWindow(replayNoted);
            }
        }
        return status;
    }

    /** Restore: notes the windows of a restored series' out-of-order samples (chunk windows are restored whole). */
    void noteRestored(MemSeries s) {
        synchronized (s) {
            noteNewest(s.lastTime);
            OutOfOrderBuffer buffer = s.outOfOrder;
            for (int i = 0; buffer != null && i < buffer.size(); i++) {
                noteWindow(windowStart(buffer.timestamp(i)));
            }
        }
    }

    /** Replay or restore: adds a series with its state as a snapshot recorded it. */
    MemSeries restoreSeries(int ref, SeriesLabels labels) {
        MemSeries s = new MemSeries(ref, labels, Long.MIN_VALUE);
        series.put(labels, s);
        register(s);
        return s;
    }

    void restoreWindow(long start, HeadChunkFiles files) {
        synchronized (windowLock) {
            HeadWindow[] ws = Arrays.copyOf(windows, windows.length + 1);
            ws[ws.length - 1] = new HeadWindow(start, start + blockSize, HeadChunkRef.tagOf(start, blockSize), files);
            Arrays.sort(ws, (a, b) -> Long.compare(a.start(), b.start()));
            windows = ws;
        }
        noteWindow(start);
    }

    void restoreMinValidTime(long t) {
        minValidTime = Math.max(minValidTime, t);
    }

    // ---------------------------------------------------------------- windows

    private HeadWindow window(int tag) {
        for (HeadWindow w : windows) {
            if (w.tag() == tag) {
                return w;
            }
        }
        return null;
    }

    private HeadWindow windowFor(long start) {
        for (HeadWindow w : windows) {
            if (w.start() == start) {
                return w;
            }
        }
        synchronized (windowLock) {
            for (HeadWindow w : windows) {
                if (w.start() == start) {
                    return w;
                }
            }
            HeadChunkFiles files = HeadChunkFiles.create(dir.resolve(Long.toString(start)), chunkFileBytes);
            HeadWindow w = new HeadWindow(start, start + blockSize, HeadChunkRef.tagOf(start, blockSize), files);
            HeadWindow[] ws = Arrays.copyOf(windows, windows.length + 1);
            ws[ws.length - 1] = w;
            Arrays.sort(ws, (a, b) -> Long.compare(a.start(), b.start()));
            windows = ws;
            return w;
        }
    }

    /** The windows the head holds chunks for, oldest first. */
    List<HeadWindow> windows() {
        return List.of(windows);
    }

    /**
     * Start times of the block windows with samples in the head that have closed at {@code now}
     * ({@code end + bufferPast <= now}), oldest first.
     */
    public List<Long> closedWindows(long now) {
        long newestClosed = windowStart(now - options.bufferPast().toMillis()) - blockSize;
        List<Long> closed = new ArrayList<>();
        for (long w : dataWindows.headSet(newestClosed, true)) {
            if (w + blockSize <= minValidTime) {
                dataWindows.remove(w); // noted by a writer that raced with the window's close
            } else {
                closed.add(w);
            }
        }
        return closed;
    }

    private void noteNewest(long t) {
        if (t > newestSample.get()) {
            newestSample.accumulateAndGet(t, Math::max);
        }
    }

    /**
     * Bounds of the samples the head holds: from the start of its oldest window with samples
     * (flushing windows included) to the newest sample it accepted; {@link TimeRange#EMPTY} when
     * every window with samples has been flushed and dropped. Cheap: two fields and the first
     * element of a sorted set.
     */
    public TimeRange timeRange() {
        long oldest = closingWindow;
        Long firstData = dataWindows.ceiling(Long.MIN_VALUE);
        if (firstData != null) {
            oldest = Math.min(oldest, firstData);
        }
        return oldest == Long.MAX_VALUE ? TimeRange.EMPTY : new TimeRange(oldest, newestSample.get());
    }

    /** Records that window {@code start} holds samples; cheap when it is known already. */
    private void noteWindow(long start) {
        if (start == lastNotedWindow) {
            return; // every batch notes its window; nearly always the same as the last one
        }
        if (!dataWindows.contains(start)) {
            dataWindows.add(start);
        }
        lastNotedWindow = start;
    }

    /**
     * Closes the window starting at {@code start}: from now on no sample before its end is
     * accepted, open chunks in it are sealed, and the returned view lists its series in label
     * order for writing a block. Windows close in time order.
     */
    public ClosedWindow closeWindow(long start) {
        if (start != windowStart(start)) {
            throw new IllegalArgumentException("window start " + start + " is not aligned to the block size " + blockSize);
        }
        long end = start + blockSize;
        if (end <= minValidTime) {
            throw new IllegalStateException("window " + Instant.ofEpochMilli(start) + " is already closed");
        }
        minValidTime = end;
        closingWindow = start;
        dataWindows.remove(start);
        int tag = HeadChunkRef.tagOf(start, blockSize);
        List<MemSeries> members = new ArrayList<>();
        for (MemSeries s : byRef) {
            if (s == null) {
                continue;
            }
            synchronized (s) {
                if (s.open != null && windowStart(s.open.minTime()) == start) {
                    seal(s);
                }
                boolean hasSealed = s.sealedCount > 0 && HeadChunkRef.windowTag(s.sealed[0]) == tag;
                boolean hasOutOfOrder = s.outOfOrder != null && s.outOfOrder.size() > 0 && s.outOfOrder.timestamp(0) < end;
                if (hasSealed || hasOutOfOrder) {
                    members.add(s);
                }
            }
        }
        MemSeries[] sorted = members.toArray(new MemSeries[0]);
        Arrays.sort(sorted, (a, b) -> SeriesLabels.ORDER.compare(a.labels, b.labels));
        return new ClosedWindow(this, start, end, tag, sorted);
    }

    /** The chunks of a closed window for one series, out-of-order samples merged in. */
    SeriesData windowData(MemSeries s, long start, long end, int tag) {
        List<Chunk> chunks = new ArrayList<>();
        long[] oooTimes;
        double[] oooValues;
        HeadWindow w = window(tag);
        synchronized (s) {
            for (int i = 0; i < s.sealedCount && HeadChunkRef.windowTag(s.sealed[i]) == tag; i++) {
                chunks.add(w.files().read(HeadChunkRef.fileRef(s.sealed[i])));
            }
            OutOfOrderBuffer buffer = s.outOfOrder;
            int n = buffer == null ? 0 : buffer.lowerBound(end);
            int from = buffer == null ? 0 : buffer.lowerBound(start);
            oooTimes = n > from ? buffer.copyTimes(from, n) : SeriesData.NO_TIMES;
            oooValues = n > from ? buffer.copyValues(from, n) : SeriesData.NO_VALUES;
        }
        SeriesData data = new SeriesData(s.ref, s.labels, chunks, oooTimes, oooValues);
        if (!data.hasOutOfOrder()) {
            return data;
        }
        return new SeriesData(s.ref, s.labels, ChunkMerger.merge(chunks, oooTimes, oooValues, encoding), SeriesData.NO_TIMES,
                SeriesData.NO_VALUES);
    }

    /**
     * Drops a flushed window: series forget its chunks and out-of-order samples, and its files are
     * deleted. Call after the window's block is durable and visible to queries.
     */
    public void dropWindow(long start) {
        long end = start + blockSize;
        int tag = HeadChunkRef.tagOf(start, blockSize);
        for (MemSeries s : byRef) {
            if (s == null) {
                continue;
            }
            synchronized (s) {
                s.dropSealed(tag);
                if (s.outOfOrder != null) {
                    s.outOfOrder.dropBefore(end);
                    if (s.outOfOrder.size() == 0) {
                        s.outOfOrder = null;
                    }
                }
            }
        }
        HeadWindow dropped = null;
        synchronized (windowLock) {
            List<HeadWindow> keep = new ArrayList<>();
            for (HeadWindow w : windows) {
                if (w.start() == start) {
                    dropped = w;
                } else {
                    keep.add(w);
                }
            }
            windows = keep.toArray(new HeadWindow[0]);
        }
        if (closingWindow == start) {
            closingWindow = Long.MAX_VALUE;
        }
        if (dropped != null) {
            dropped.files().delete();
        }
    }

    /**
     * Removes series that hold no samples in the head and have not been written for a block
     * duration (nor created within one): the active index keeps series across windows, and this
     * is what bounds it. It visits every series, so callers run it a few times per block, not on
     * every tick.
     *
     * @return the number of series removed
     */
    public int collectGarbage(long now) {
        long silentSince = now - blockSize;
        int removed = 0;
        for (MemSeries s : byRef) {
            if (s == null) {
                continue;
            }
            synchronized (s) {
                if (s.removed || !s.empty() || s.lastTime >= silentSince || s.createdAt >= silentSince) {
                    continue;
                }
                s.removed = true;
            }
            series.remove(s.labels, s);
            synchronized (refLock) {
                if (byRef[s.ref] == s) {
                    byRef[s.ref] = null;
                }
            }
            index.remove(s.ref, s.labels.toLabels());
            removed++;
        }
        metrics.seriesRemoved(removed);
        return removed;
    }

    // ---------------------------------------------------------------- reads

    /** Head references of the series matching all {@code matchers}. */
    public RoaringBitmap select(List<LabelMatcher> matchers) {
        return index.select(matchers);
    }

    /**
     * The series' samples in {@code [mint, maxt]}, from windows starting at or after {@code
     * fromWindow} (older windows of the head are already in a block the reader has).
     */
    public SeriesData read(MemSeries s, long mint, long maxt, long fromWindow) {
        List<Chunk> chunks = new ArrayList<>();
        long[] oooTimes = SeriesData.NO_TIMES;
        double[] oooValues = SeriesData.NO_VALUES;
        long from = Math.max(mint, fromWindow);
        synchronized (s) {
            for (int i = 0; i < s.sealedCount; i++) {
                long ref = s.sealed[i];
                HeadWindow w = window(HeadChunkRef.windowTag(ref));
                if (w == null || w.start() < fromWindow) {
                    continue;
                }
                long fileRef = HeadChunkRef.fileRef(ref);
                if (w.files().maxTime(fileRef) >= from && w.files().minTime(fileRef) <= maxt) {
                    chunks.add(w.files().read(fileRef));
                }
            }
            ChunkAppender open = s.open;
            if (open != null && open.maxTime() >= from && open.minTime() <= maxt) {
                chunks.add(open.snapshot());
            }
            OutOfOrderBuffer buffer = s.outOfOrder;
            if (buffer != null) {
                int start = buffer.lowerBound(from);
                int end = maxt == Long.MAX_VALUE ? buffer.size() : buffer.lowerBound(maxt + 1);
                if (end > start) {
                    oooTimes = buffer.copyTimes(start, end);
                    oooValues = buffer.copyValues(start, end);
                }
            }
        }
        return new SeriesData(s.ref, s.labels, chunks, oooTimes, oooValues);
    }

    /** Heap bytes of the series objects and the index (not the maps' own entries). */
    public long retainedBytes() {
        long bytes = index.retainedBytes();
        for (MemSeries s : byRef) {
            if (s != null) {
                synchronized (s) {
                    bytes += s.retainedBytes();
                }
            }
        }
        return bytes;
    }

    // ---------------------------------------------------------------- log truncation, close

    /**
     * Truncates the log behind {@link #minValidTime}: writes a checkpoint of the live series and
     * deletes the segments whose samples are all in blocks. Writes pause only while the live
     * series are listed, not while the checkpoint is written.
     */
    public void truncateLog() {
        HeadLog.TruncationPoint point;
        List<MemSeries> live = new ArrayList<>();
        ReentrantReadWriteLock.WriteLock lock = writeGate.writeLock();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            point = log.truncationPoint(minValidTime);
            if (point == null) {
                return;
            }
            for (MemSeries s : byRef) {
                if (s != null) {
                    live.add(s);
                }
            }
        } finally {
            lock.unlock();
        }
        log.checkpointAndTruncate(point, live);
    }

    /**
     * Stops writes, seals every open chunk, and writes the head snapshot so that the next start
     * does not replay the log. Idempotent.
     */
    @Override
    public void close() {
        ReentrantReadWriteLock.WriteLock lock = writeGate.writeLock();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (MemSeries s : byRef) {
                if (s != null) {
                    synchronized (s) {
                        if (s.open != null) {
                            seal(s);
                        }
                    }
                }
            }
            LogPosition logEnd = log.closeAndEnd();
            for (HeadWindow w : windows) {
                w.files().force();
            }
            HeadSnapshot.write(this, logEnd);
            for (HeadWindow w : windows) {
                w.files().close();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Every series, for the snapshot; the caller holds the write gate. */
    List<MemSeries> allSeries() {
        List<MemSeries> all = new ArrayList<>();
        for (MemSeries s : byRef) {
            if (s != null) {
                all.add(s);
            }
        }
        return all;
    }

    int nextRef() {
        synchronized (refLock) {
            return nextRef;
        }
    }

    void restoreNextRef(int ref) {
        synchronized (refLock) {
            nextRef = Math.max(nextRef, ref);
        }
    }

    public ChunkEncoding encoding() {
        return encoding;
    }

    Path dir() {
        return dir;
    }

    int chunkFileBytes() {
        return chunkFileBytes;
    }
}
