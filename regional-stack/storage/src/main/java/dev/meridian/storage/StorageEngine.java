package dev.meridian.storage;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.storage.Queryable;
import dev.meridian.storage.commitlog.CommitLogMeters;
import dev.meridian.storage.commitlog.CommitLogOptions;
import dev.meridian.storage.head.HeadConfig;
import dev.meridian.storage.head.HeadMetrics;
import dev.meridian.storage.namespace.Namespace;
import dev.meridian.storage.namespace.NamespaceConfig;
import io.micrometer.core.instrument.Tags;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The storage engine of a node: its namespaces, each a head with a commit log plus blocks on
 * disk (see {@link Namespace}), and one background thread that runs their periodic work.
 * Layout of the data directory: {@code <dataDir>/<namespace>/{wal,checkpoint.N,head,blocks}}.
 */
public final class StorageEngine implements Storage {
    private static final Logger LOG = Logger.getLogger(StorageEngine.class.getName());

    private final EngineOptions options;
    private final Map<String, Namespace> namespaces = new LinkedHashMap<>();
    private final ScheduledExecutorService background;
    private volatile boolean closed;

    private StorageEngine(EngineOptions options) {
        this.options = options;
        for (NamespaceOptions ns : options.namespaces()) {
            namespaces.put(ns.name(), Namespace.open(config(ns), options.recoverInBackground()));
        }
        if (options.tickInterval().isZero()) {
            background = null;
        } else {
            background = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "storage-background");
                t.setDaemon(true);
                return t;
            });
            long period = options.tickInterval().toMillis();
            background.scheduleWithFixedDelay(this::tickQuietly, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /** Opens every namespace in {@code options.dataDir()}, creating what does not exist. */
    public static StorageEngine open(EngineOptions options) {
        return new StorageEngine(requireNonNull(options, "options is null"));
    }

    private NamespaceConfig config(NamespaceOptions ns) {
        var dir = options.dataDir().resolve(ns.name());
        HeadConfig head = new HeadConfig(ns, dir.resolve("head"), options.encoding(), options.limits(),
                options.headChunkFileBytes(), new HeadMetrics(options.registry(), ns.name()));
        CommitLogOptions log = CommitLogOptions.of(options.fsync())
                .withSegmentSize(options.commitLogSegmentBytes())
                .withListener(new CommitLogMeters(options.registry(), Tags.of("namespace", ns.name())));
        return new NamespaceConfig(ns, dir, head, log, options.clock(), options.registry());
    }

    public EngineOptions options() {
        return options;
    }

    /** A namespace, for tools and tests that need more than the {@link Storage} interface. */
    public Namespace namespace(String name) {
        Namespace ns = namespaces.get(requireNonNull(name, "name is null"));
        if (ns == null) {
            throw new StorageException(StorageErrorCode.UNKNOWN_NAMESPACE, "unknown namespace \"" + name + "\"; this node has "
                    + namespaces.keySet());
        }
        return ns;
    }

    @Override
    public Set<String> namespaces() {
        return Set.copyOf(namespaces.keySet());
    }

    @Override
    public WriteResult write(String namespace, WriteBatch batch) {
        return namespace(namespace).write(batch);
    }

    @Override
    public Queryable queryable(String namespace) {
        Namespace ns = namespace(namespace);
        return ns::querier;
    }

    @Override
    public void fetch(String namespace, List<LabelMatcher> matchers, long mint, long maxt, Consumer<ChunkedSeries> consumer) {
        checkRange(mint, maxt);
        namespace(namespace).fetch(List.copyOf(matchers), mint, maxt, requireNonNull(consumer, "consumer is null"));
    }

    @Override
    public List<String> labelNames(String namespace, List<LabelMatcher> matchers, long mint, long maxt) {
        checkRange(mint, maxt);
        return namespace(namespace).labelNames(List.copyOf(matchers), mint, maxt);
    }

    @Override
    public List<String> labelValues(String namespace, String name, List<LabelMatcher> matchers, long mint, long maxt) {
        requireNonNull(name, "name is null");
        checkRange(mint, maxt);
        return namespace(namespace).labelValues(name, List.copyOf(matchers), mint, maxt);
    }

    private static void checkRange(long mint, long maxt) {
        if (maxt < mint) {
            throw new IllegalArgumentException("end must not be before start (got: " + mint + ".." + maxt + ")");
        }
    }

    /** Ready when every namespace is; the state names the ones that are not. */
    @Override
    public Health health() {
        if (closed) {
            return new Health(false, "closed");
        }
        StringBuilder waiting = new StringBuilder();
        for (Namespace ns : namespaces.values()) {
            Health h = ns.health();
            if (!h.ready()) {
                waiting.append(waiting.length() == 0 ? "" : "; ").append(ns.options().name()).append(": ").append(h.state());
            }
        }
        return waiting.length() == 0 ? new Health(true, "ready") : new Health(false, waiting.toString());
    }

    @Override
    public Map<String, TimeRange> timeRanges() {
        TreeMap<String, TimeRange> ranges = new TreeMap<>();
        namespaces.forEach((name, ns) -> ranges.put(name, ns.timeRange()));
        return Collections.unmodifiableMap(ranges);
    }

    /** Runs every namespace's background work now (what the background thread does every tick). */
    public void tick() {
        for (Namespace ns : namespaces.values()) {
            ns.tick();
        }
    }

    private void tickQuietly() {
        for (Namespace ns : namespaces.values()) {
            try {
                ns.tick();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "background work of namespace " + ns.options().name() + " failed; retrying next tick", e);
            }
        }
    }

    /** Stops background work and writes, and leaves a head snapshot per namespace for a fast restart. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (background != null) {
            background.shutdown();
            try {
                background.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Namespace ns : namespaces.values()) {
            ns.close();
        }
    }
}
