package dev.meridian.gateway.exec;

import static java.util.Objects.requireNonNull;

import dev.meridian.gateway.region.CallOptions;
import dev.meridian.gateway.region.Listing;
import dev.meridian.gateway.region.Metadata;
import dev.meridian.gateway.region.QueryResult;
import dev.meridian.gateway.region.RegionClient;
import dev.meridian.gateway.region.RegionException;
import dev.meridian.gateway.region.RegionInfo;
import dev.meridian.gateway.region.RegionQuery;
import dev.meridian.gateway.region.StoreQuery;
import dev.meridian.gateway.region.StoreResult;
import dev.meridian.promql.ErrorCode;
import dev.meridian.promql.PromqlException;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.parser.Parser;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.SampleIterator;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.storage.SeriesSet;
import dev.meridian.promql.storage.memory.InMemoryStorage;
import dev.meridian.promql.value.RangeSeries;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One region in memory, for tests: its series (every one carrying the region's external labels,
 * {@code region="<name>"} first) in an {@link InMemoryStorage}, queries answered by the real
 * {@link Engine}, raw series by selecting samples, metadata from the stored label sets.
 *
 * <p>It counts calls and the bytes its answers would take (16 bytes per point plus the bytes of
 * every label name and value), so tests can compare how much plans move; it remembers the
 * OpenTelemetry context each call was made in; and it injects faults: fail every call with a
 * {@link RegionException.Kind}, hang (never answer; the futures it handed out are kept, so a
 * test can check the gateway canceled them), or answer only after a delay.
 */
public final class InMemoryRegion implements RegionClient {
    /** Answers on daemon threads, so a forgotten hung call never keeps a test JVM alive. */
    private static final Executor ANSWERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "in-memory-region");
        t.setDaemon(true);
        return t;
    });

    private final String name;
    private final Labels externalLabels;
    private final InMemoryStorage storage = new InMemoryStorage();
    private final Engine engine;
    private final Map<String, Metadata> metadata = new ConcurrentHashMap<>();
    private volatile long minTime = Long.MAX_VALUE;
    private volatile long maxTime = Long.MIN_VALUE;
    private volatile Supplier<RegionException> failure;
    private volatile Supplier<RegionException> storeFailure;
    private volatile boolean hang;
    private volatile boolean hangStores;
    private volatile long delayMillis;

    private final AtomicLong queryCalls = new AtomicLong();
    private final AtomicLong storeCalls = new AtomicLong();
    private final AtomicLong metadataCalls = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final List<Context> contexts = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<?>> hung = new CopyOnWriteArrayList<>();

    /**
     * @param externalLabels labels besides {@code region} the region adds to its series
     */
    public InMemoryRegion(String name, Labels externalLabels, EngineConfig config) {
        this.name = requireNonNull(name, "name is null");
        this.externalLabels = requireNonNull(externalLabels, "externalLabels is null").toBuilder()
                .set("region", name)
                .build();
        this.engine = new Engine(requireNonNull(config, "config is null"));
    }

    public InMemoryRegion(String name) {
        this(name, Labels.EMPTY, EngineConfig.defaults());
    }

    /** Adds samples through {@code writer}; every series gets the external labels. */
    public InMemoryRegion load(Consumer<Writer> writer) {
        InMemoryStorage.Appender appender = storage.appender();
        writer.accept((labels, t, v) -> {
            Labels.Builder b = labels.toBuilder();
            for (int i = 0; i < externalLabels.size(); i++) {
                b.set(externalLabels.name(i), externalLabels.value(i));
            }
            appender.add(b.build(), t, v);
            minTime = Math.min(minTime, t);
            maxTime = Math.max(maxTime, t);
        });
        appender.commit();
        return this;
    }

    /** Receives samples for {@link #load}. */
    @FunctionalInterface
    public interface Writer {
        void add(Labels labels, long timestamp, double value);
    }

    /** The region's data, for building references: reads bypass faults and counters. */
    public InMemoryStorage storage() {
        return storage;
    }

    public InMemoryRegion addMetadata(Metadata m) {
        metadata.put(m.family(), m);
        return this;
    }

    /** Every later call fails with {@code kind}. */
    public void failWith(RegionException.Kind kind) {
        failure = () -> new RegionException(name, kind, kind == RegionException.Kind.LIMIT
                ? "the query hit max_samples (50000000)" : "injected " + kind.name().toLowerCase());
    }

    /** Every later store call fails with {@code kind}; other calls answer. */
    public void failStoresWith(RegionException.Kind kind) {
        storeFailure = () -> new RegionException(name, kind, "injected store " + kind.name().toLowerCase());
    }

    /** Every later call never answers. */
    public void hang() {
        hang = true;
    }

    /** Every later store call never answers; other calls answer. */
    public void hangStores() {
        hangStores = true;
    }

    /** Every later call answers after {@code delay}. */
    public void slow(Duration delay) {
        delayMillis = delay.toMillis();
    }

    /** Back to normal. */
    public void heal() {
        failure = null;
        storeFailure = null;
        hang = false;
        hangStores = false;
        delayMillis = 0;
    }

    public long queryCalls() {
        return queryCalls.get();
    }

    public long storeCalls() {
        return storeCalls.get();
    }

    public long metadataCalls() {
        return metadataCalls.get();
    }

    /** Bytes of all answers so far, by the estimate above. */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** The expressions of the query calls received, in order. */
    public List<String> queries() {
        return Collections.unmodifiableList(queries);
    }

    /** The OpenTelemetry context current at each call. */
    public List<Context> contexts() {
        return Collections.unmodifiableList(contexts);
    }

    /** The futures of calls made while hanging. */
    public List<CompletableFuture<?>> hungCalls() {
        return Collections.unmodifiableList(hung);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RegionInfo info() {
        return new RegionInfo(name, externalLabels, minTime, maxTime, engine.config().lookbackDelta().toMillis());
    }

    @Override
    public CompletableFuture<QueryResult> query(RegionQuery query, CallOptions options) {
        queryCalls.incrementAndGet();
        queries.add(query.expr());
        return answer(() -> {
            try {
                Expr expr = Parser.parse(query.expr());
                dev.meridian.promql.engine.QueryResult result = query.instant()
                        ? engine.instantQuery(storage, expr, query.start()).execute()
                        : engine.rangeQuery(storage, expr, query.start(), query.end(), query.step()).execute();
                List<RangeSeries> series = ResultSeries.of(result.value());
                long bytes = bytes(series);
                bytesSent.addAndGet(bytes);
                return new QueryResult(series, result.warnings(), result.samplesRead(), bytes);
            } catch (PromqlException e) {
                throw asRegionException(e);
            }
        });
    }

    @Override
    public CompletableFuture<StoreResult> store(StoreQuery query, CallOptions options) {
        storeCalls.incrementAndGet();
        Supplier<RegionException> storeFail = storeFailure;
        if (storeFail != null) {
            contexts.add(Context.current());
            return CompletableFuture.failedFuture(storeFail.get());
        }
        if (hangStores) {
            CompletableFuture<StoreResult> never = new CompletableFuture<>();
            hung.add(never);
            return never;
        }
        return answer(() -> {
            List<RangeSeries> series = new ArrayList<>();
            try (Querier querier = storage.querier(query.start(), query.end())) {
                SeriesSet set = querier.select(query.hints(), query.matchers());
                while (set.next()) {
                    List<Long> ts = new ArrayList<>();
                    List<Double> vs = new ArrayList<>();
                    SampleIterator it = set.at().iterator();
                    while (it.next()) {
                        if (it.timestamp() >= query.start() && it.timestamp() <= query.end()) {
                            ts.add(it.timestamp());
                            vs.add(it.value());
                        }
                    }
                    long[] t = new long[ts.size()];
                    double[] v = new double[vs.size()];
                    for (int i = 0; i < t.length; i++) {
                        t[i] = ts.get(i);
                        v[i] = vs.get(i);
                    }
                    series.add(new RangeSeries(set.at().labels(), t, v));
                }
            }
            long bytes = bytes(series);
            bytesSent.addAndGet(bytes);
            return new StoreResult(series, List.of(), bytes);
        });
    }

    @Override
    public CompletableFuture<Listing<Labels>> series(List<List<LabelMatcher>> matcherSets, long start, long end,
            CallOptions options) {
        metadataCalls.incrementAndGet();
        return answer(() -> {
            TreeSet<Labels> out = new TreeSet<>();
            try (Querier querier = storage.querier(start, end)) {
                for (List<LabelMatcher> set : matcherSets) {
                    SeriesSet s = querier.select(SelectHints.ofRange(start, end), set);
                    while (s.next()) {
                        out.add(s.at().labels());
                    }
                }
            }
            return new Listing<>(List.copyOf(out), List.of());
        });
    }

    @Override
    public CompletableFuture<Listing<String>> labelNames(List<List<LabelMatcher>> matcherSets, long start, long end,
            CallOptions options) {
        metadataCalls.incrementAndGet();
        return answer(() -> {
            TreeSet<String> out = new TreeSet<>(Labels.NAME_ORDER);
            try (Querier querier = storage.querier(start, end)) {
                for (List<LabelMatcher> set : matcherSets.isEmpty() ? List.<List<LabelMatcher>>of(List.of()) : matcherSets) {
                    out.addAll(querier.labelNames(set));
                }
            }
            return new Listing<>(List.copyOf(out), List.of());
        });
    }

    @Override
    public CompletableFuture<Listing<String>> labelValues(String label, List<List<LabelMatcher>> matcherSets, long start,
            long end, CallOptions options) {
        metadataCalls.incrementAndGet();
        return answer(() -> {
            TreeSet<String> out = new TreeSet<>(Labels.NAME_ORDER);
            try (Querier querier = storage.querier(start, end)) {
                for (List<LabelMatcher> set : matcherSets.isEmpty() ? List.<List<LabelMatcher>>of(List.of()) : matcherSets) {
                    out.addAll(querier.labelValues(label, set));
                }
            }
            return new Listing<>(List.copyOf(out), List.of());
        });
    }

    @Override
    public CompletableFuture<Listing<Metadata>> metadata(String metric, CallOptions options) {
        metadataCalls.incrementAndGet();
        return answer(() -> {
            List<Metadata> out = new ArrayList<>(new TreeMap<>(metadata).values());
            out.removeIf(m -> !metric.isEmpty() && !m.family().equals(metric));
            return new Listing<>(out, List.of());
        });
    }

    /** Applies the injected fault, then computes the answer on another thread. */
    private <T> CompletableFuture<T> answer(Supplier<T> compute) {
        contexts.add(Context.current());
        Supplier<RegionException> fail = failure;
        if (fail != null) {
            return CompletableFuture.failedFuture(fail.get());
        }
        if (hang) {
            CompletableFuture<T> never = new CompletableFuture<>();
            hung.add(never);
            return never;
        }
        long delay = delayMillis;
        Executor executor = delay > 0 ? CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, ANSWERS) : ANSWERS;
        return CompletableFuture.supplyAsync(compute, executor);
    }

    private RegionException asRegionException(PromqlException e) {
        RegionException.Kind kind = e.code() == ErrorCode.TOO_MANY_SAMPLES ? RegionException.Kind.LIMIT
                : RegionException.Kind.BAD_REQUEST;
        String errorType = switch (e.code()) {
            case EXECUTION, TOO_MANY_SAMPLES -> "execution";
            default -> "bad_data";
        };
        return new RegionException(name, kind, errorType, e.getMessage(), e);
    }

    private static long bytes(List<RangeSeries> series) {
        long bytes = 0;
        for (RangeSeries s : series) {
            bytes += 16L * s.size();
            for (int i = 0; i < s.labels().size(); i++) {
                bytes += s.labels().name(i).length() + s.labels().value(i).length();
            }
        }
        return bytes;
    }
}
