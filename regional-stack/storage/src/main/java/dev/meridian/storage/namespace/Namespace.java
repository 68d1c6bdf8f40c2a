package dev.meridian.storage.namespace;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.storage.Querier;
import dev.meridian.storage.ChunkedSeries;
import dev.meridian.storage.Health;
import dev.meridian.storage.NamespaceOptions;
import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import dev.meridian.storage.TimeRange;
import dev.meridian.storage.WriteBatch;
import dev.meridian.storage.WriteResult;
import dev.meridian.storage.block.Block;
import dev.meridian.storage.block.BlockWriter;
import dev.meridian.storage.files.DurableFiles;
import dev.meridian.storage.head.ClosedWindow;
import dev.meridian.storage.head.Head;
import dev.meridian.storage.head.HeadRecovery;
import dev.meridian.storage.query.ReadView;
import dev.meridian.storage.query.StorageQuerier;
import dev.meridian.storage.query.ViewReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One namespace on a node: its head (with commit log) and its blocks, and the background work
 * that moves data between them. Opening it loads the blocks and recovers the head; {@link #tick}
 * does the rest:
 *
 * <ol>
 *   <li>flush every closed block window of the head into a block (write, sync, rename, publish a
 *       new {@link ReadView}, then drop the window from the head);
 *   <li>truncate the commit log behind the flushed windows;
 *   <li>garbage-collect series silent for a block duration from the head and its active index
 *       (after a flush, else once per eighth of a block);
 *   <li>merge one group of adjacent blocks ({@link Compactor});
 *   <li>drop blocks that ended more than the retention ago.
 * </ol>
 *
 * Thread-safe: writes and reads run concurrently with each other and with {@code tick}; ticks are
 * serialized.
 */
public final class Namespace implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Namespace.class.getName());
    private static final int COLLECTIONS_PER_BLOCK = 8;

    private final NamespaceConfig config;
    private final NamespaceOptions options;
    private final Path blocksDir;
    private final Compactor compactor;
    private final NamespaceMetrics metrics;
    private final Object tickLock = new Object();

    private volatile ReadView view;
    private volatile Head head;
    private volatile String state;
    private volatile HeadRecovery.Outcome recovery;
    private volatile ClosedWindow pendingFlush;
    private volatile boolean closed;
    /** Clock time of the last garbage collection of the head; guarded by {@link #tickLock}. */
    private long lastCollection = Long.MIN_VALUE;

    private Namespace(NamespaceConfig config, List<Block> blocks) {
        this.config = config;
        this.options = config.options();
        this.blocksDir = config.dir().resolve("blocks");
        this.compactor = new Compactor(options);
        this.state = "recovering head";
        this.view = new ReadView(blocks, null, BlockSet.end(blocks));
        this.metrics = new NamespaceMetrics(config.registry(), options.name(), this);
    }

    /**
     * Opens a namespace: loads its blocks, then recovers the head from its snapshot or commit
     * log. Reads are served from the blocks while that runs; writes wait for {@link #health()} to
     * turn ready.
     *
     * @param background true: recover the head on a new thread and return at once
     */
    public static Namespace open(NamespaceConfig config, boolean background) {
        requireNonNull(config, "config is null");
        List<Block> blocks = BlockSet.load(config.dir().resolve("blocks"));
        Namespace ns = new Namespace(config, blocks);
        if (background) {
            Thread t = new Thread(ns::recover, "recover-" + config.options().name());
            t.setDaemon(true);
            t.start();
        } else {
            ns.recover();
        }
        return ns;
    }

    private void recover() {
        try {
            ReadView blocksOnly = view;
            HeadRecovery.Outcome outcome = HeadRecovery.open(config.head(), config.dir(), config.commitLog(),
                    blocksOnly.headFrom());
            Head recovered = outcome.head();
            view = new ReadView(blocksOnly.blocks(), recovered, blocksOnly.headFrom());
            recovery = outcome;
            head = recovered;
            metrics.recovered(outcome);
            state = "ready";
            boolean eventful = outcome.fromSnapshot() || outcome.replayedRecords() > 0 || outcome.snapshotProblem() != null;
            LOG.log(eventful ? Level.INFO : Level.FINE, () -> "namespace " + options.name() + " ready: " + describe(outcome));
        } catch (RuntimeException e) {
            state = "failed: " + e.getMessage();
            LOG.log(Level.SEVERE, "namespace " + options.name() + " cannot recover its head", e);
        }
    }

    private static String describe(HeadRecovery.Outcome o) {
        return (o.fromSnapshot() ? "restored head snapshot" : "replayed commit log") + ", " + o.replayedSamples()
                + " samples replayed in " + o.nanos() / 1_000_000 + " ms"
                + (o.snapshotProblem() == null ? "" : " (snapshot unusable: " + o.snapshotProblem() + ")")
                + (o.tailDamage() == null ? "" : " (cut torn log tail: " + o.tailDamage() + ")");
    }

    public NamespaceOptions options() {
        return options;
    }

    /** How the head came back at open, once it has. */
    public HeadRecovery.Outcome recovery() {
        return recovery;
    }

    public Health health() {
        return new Health(head != null && !closed, closed ? "closed" : state);
    }

    /**
     * Bounds of the samples the namespace holds (see {@link dev.meridian.storage.Storage#timeRanges}):
     * from the start of the oldest block's window, or of the head's oldest window with samples,
     * to the newest sample of the head, or the last millisecond of the newest block's window.
     * Blocks are in time order and do not overlap, so the first and last block bound them all.
     */
    public TimeRange timeRange() {
        ReadView v = view;
        TimeRange range = TimeRange.EMPTY;
        List<Block> blocks = v.blocks();
        if (!blocks.isEmpty()) {
            range = new TimeRange(blocks.get(0).meta().minTime(), blocks.get(blocks.size() - 1).meta().maxTime() - 1);
        }
        Head h = v.head();
        return h == null ? range : range.union(h.timeRange());
    }

    // ---------------------------------------------------------------- writes and reads

    public WriteResult write(WriteBatch batch) {
        Head h = head;
        if (h == null || closed) {
            throw new StorageException(StorageErrorCode.NOT_READY, "namespace " + options.name() + " is not ready: " + state);
        }
        return h.write(batch, config.clock().millis());
    }

    /** A PromQL querier over {@code [mint, maxt]}; while the head recovers, over the blocks alone, with a warning. */
    public Querier querier(long mint, long maxt) {
        ReadView v = view;
        List<String> warnings = v.head() == null
                ? List.of("namespace " + options.name() + " is still recovering its head (" + state
                        + "): only samples already in blocks are returned")
                : List.of();
        return new StorageQuerier(v, mint, maxt, warnings);
    }

    public void fetch(List<LabelMatcher> matchers, long mint, long maxt, Consumer<ChunkedSeries> consumer) {
        new ViewReader(readyView()).fetch(matchers, mint, maxt, consumer);
    }

    public List<String> labelNames(List<LabelMatcher> matchers, long mint, long maxt) {
        return new ViewReader(readyView()).labelNames(matchers, mint, maxt);
    }

    public List<String> labelValues(String name, List<LabelMatcher> matchers, long mint, long maxt) {
        return new ViewReader(readyView()).labelValues(name, matchers, mint, maxt);
    }

    private ReadView readyView() {
        ReadView v = view;
        if (v.head() == null) {
            throw new StorageException(StorageErrorCode.NOT_READY, "namespace " + options.name() + " is not ready: " + state);
        }
        return v;
    }

    /** The current view, for tests and metrics. */
    public ReadView view() {
        return view;
    }

    // ---------------------------------------------------------------- background work

    /** Runs the background work due at the clock's now; see the class comment. */
    public void tick() {
        synchronized (tickLock) {
            Head h = head;
            if (h == null || closed) {
                return;
            }
            long now = config.clock().millis();
            boolean flushed = flushClosedWindows(h, now);
            if (flushed) {
                h.truncateLog();
            }
            if (flushed || collectionDue(now)) {
                h.collectGarbage(now);
                lastCollection = now;
            }
            compactOnce();
            applyRetention(now);
        }
    }

    /**
     * Garbage collection visits every head series, so it runs after each flush and otherwise once
     * per {@link #COLLECTIONS_PER_BLOCK}th of a block: a silent series leaves the active index at
     * most that much later than a block after its last sample.
     */
    private boolean collectionDue(long now) {
        long interval = options.blockSize().toMillis() / COLLECTIONS_PER_BLOCK;
        return lastCollection == Long.MIN_VALUE || now - lastCollection >= interval || now < lastCollection;
    }

    /** Windows that have closed but are not flushed yet (the index rotation backlog). */
    public int flushBacklog() {
        Head h = head;
        if (h == null) {
            return 0;
        }
        return h.closedWindows(config.clock().millis()).size() + (pendingFlush == null ? 0 : 1);
    }

    private boolean flushClosedWindows(Head h, long now) {
        boolean flushed = false;
        if (pendingFlush != null) {
            flush(h, pendingFlush);
            pendingFlush = null;
            flushed = true;
        }
        for (long start : h.closedWindows(now)) {
            ClosedWindow window = h.closeWindow(start);
            pendingFlush = window;
            flush(h, window);
            pendingFlush = null;
            flushed = true;
        }
        return flushed;
    }

    /**
     * Writes a closed window's block, publishes it, and drops the window from the head. If writing
     * fails the window stays in the head (still served, still in the log) and the next tick
     * retries.
     */
    private void flush(Head h, ClosedWindow window) {
        long started = System.nanoTime();
        Block block = null;
        if (window.seriesCount() > 0) {
            // A failed earlier attempt may have renamed the block into place without publishing it.
            DurableFiles.deleteRecursively(blocksDir.resolve(Block.name(window.start(), window.end())));
            Path dir;
            // Head GC, the only thing that removes series from the head index, runs on this thread.
            try (BlockWriter writer = BlockWriter.createFlush(blocksDir, window.start(), window.end(), h.index())) {
                window.forEach(data -> writer.add(data.ref(), data.labels().toLabels(), data.chunks()));
                dir = writer.finish();
            }
            block = Block.open(dir);
        }
        ReadView current = view;
        List<Block> blocks = new ArrayList<>(current.blocks());
        if (block != null) {
            blocks.add(block);
            blocks.sort(Comparator.comparingLong(b -> b.meta().minTime()));
        }
        view = new ReadView(blocks, h, Math.max(current.headFrom(), window.end()));
        h.dropWindow(window.start());
        metrics.flushed(System.nanoTime() - started, block);
        if (block != null) {
            Block b = block;
            LOG.fine(() -> "namespace " + options.name() + " flushed " + b);
        }
    }

    private void compactOnce() {
        ReadView current = view;
        Compactor.Plan plan = compactor.plan(current.blocks(), current.headFrom());
        if (plan == null) {
            return;
        }
        long started = System.nanoTime();
        Block merged = Block.open(compactor.compact(blocksDir, plan));
        List<Block> blocks = new ArrayList<>(view.blocks());
        blocks.removeAll(plan.sources());
        blocks.add(merged);
        blocks.sort(Comparator.comparingLong(b -> b.meta().minTime()));
        publishBlocks(blocks);
        for (Block source : plan.sources()) {
            source.delete();
        }
        metrics.compacted(System.nanoTime() - started);
    }

    private void applyRetention(long now) {
        long horizon = now - options.retention().toMillis();
        List<Block> expired = new ArrayList<>();
        for (Block b : view.blocks()) {
            if (b.meta().maxTime() <= horizon) {
                expired.add(b);
            }
        }
        if (expired.isEmpty()) {
            return;
        }
        List<Block> blocks = new ArrayList<>(view.blocks());
        blocks.removeAll(expired);
        publishBlocks(blocks);
        for (Block b : expired) {
            b.delete();
            LOG.fine(() -> "namespace " + options.name() + " dropped " + b + ": older than the retention (" + Instant.ofEpochMilli(horizon) + ")");
        }
        metrics.expired(expired.size());
    }

    private void publishBlocks(List<Block> blocks) {
        ReadView current = view;
        view = new ReadView(blocks, current.head(), current.headFrom());
    }

    /** The head, once recovered. */
    public Head head() {
        return head;
    }

    /** Stops writes and writes the head snapshot. */
    @Override
    public void close() {
        synchronized (tickLock) {
            if (closed) {
                return;
            }
            closed = true;
            Head h = head;
            if (h != null) {
                h.close();
            }
            metrics.close();
        }
    }
}
