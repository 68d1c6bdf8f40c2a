package dev.meridian.coordinator.read;

import static java.util.Objects.requireNonNull;

import dev.meridian.coordinator.placement.Placement;
import dev.meridian.coordinator.placement.PlacementNode;
import dev.meridian.coordinator.replication.Consistency;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.Queryable;
import dev.meridian.promql.storage.SampleIterator;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.storage.Series;
import dev.meridian.promql.storage.SeriesSet;
import dev.meridian.promql.storage.StorageException;
import dev.meridian.storage.ChunkedSeries;
import dev.meridian.storage.chunk.Chunk;
import dev.meridian.storage.chunk.ChunkSequenceIterator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The PromQL storage SPI over a region's storage nodes: every read goes to all nodes at once, and
 * each series' replicas are merged by timestamp ({@link ReplicaMergeIterator}). A read is complete
 * when, for every shard, at least {@link Consistency#required} of its replicas answered; otherwise
 * it fails with a {@link StorageException} naming the shards and why their replicas did not
 * answer. With {@code one}, a region answers completely while any replica of each shard is up.
 *
 * <p>Reading every replica (not just enough of them) costs fan-out but fills a replica's gaps from
 * the others, e.g. samples written while it was down.
 */
public final class ReplicatedQueryable implements Queryable {
    private final Placement placement;
    private final Function<PlacementNode, NodeReader> nodes;
    private final String namespace;
    private final Consistency consistency;
    private final Duration timeout;
    private final Executor executor;

    public ReplicatedQueryable(Placement placement, Function<PlacementNode, NodeReader> nodes, String namespace,
            Consistency consistency, Duration timeout, Executor executor) {
        this.placement = requireNonNull(placement, "placement is null");
        this.nodes = requireNonNull(nodes, "nodes is null");
        this.namespace = requireNonNull(namespace, "namespace is null");
        this.consistency = requireNonNull(consistency, "consistency is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.executor = requireNonNull(executor, "executor is null");
    }

    @Override
    public Querier querier(long mint, long maxt) {
        return new ReplicatedQuerier(mint, maxt);
    }

    /** Calls {@code call} on every node at once; returns the answers of the nodes that answered, by node. */
    private <T> Map<PlacementNode, T> fanOut(String what, Function<NodeReader, T> call) {
        Map<PlacementNode, CompletableFuture<T>> calls = new LinkedHashMap<>();
        for (PlacementNode node : placement.nodes()) {
            NodeReader reader = nodes.apply(node);
            calls.put(node, CompletableFuture.supplyAsync(() -> call.apply(reader), executor));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<PlacementNode, T> answers = new LinkedHashMap<>();
        Map<PlacementNode, String> failures = new LinkedHashMap<>();
        for (Map.Entry<PlacementNode, CompletableFuture<T>> e : calls.entrySet()) {
            try {
                answers.put(e.getKey(), e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException failure) {
                Throwable cause = failure.getCause();
                failures.put(e.getKey(), cause.getMessage() != null ? cause.getMessage() : cause.toString());
            } catch (TimeoutException late) {
                e.getValue().cancel(true);
                failures.put(e.getKey(), "no answer within " + timeout);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new StorageException("interrupted while reading " + what + " from the storage nodes", interrupted);
            }
        }
        checkConsistency(what, answers, failures);
        return answers;
    }

    /** Every shard needs {@code required} of its replicas among the nodes that answered. */
    private void checkConsistency(String what, Map<PlacementNode, ?> answers, Map<PlacementNode, String> failures) {
        if (failures.isEmpty()) {
            return;
        }
        int required = consistency.required(placement.replicationFactor());
        List<Integer> shortShards = new ArrayList<>();
        for (int shard = 0; shard < placement.shards(); shard++) {
            int answered = 0;
            for (PlacementNode replica : placement.replicas(shard)) {
                if (answers.containsKey(replica)) {
                    answered++;
                }
            }
            if (answered < required) {
                shortShards.add(shard);
            }
        }
        if (!shortShards.isEmpty()) {
            StringBuilder why = new StringBuilder();
            failures.forEach((node, error) -> why.append("; ").append(node.id()).append(" (").append(node.address()).append("): ")
                    .append(error));
            throw new StorageException("cannot read " + what + " at consistency " + consistency.name().toLowerCase(Locale.ROOT)
                    + ": " + shortShards.size() + " of " + placement.shards() + " shards have fewer than " + required
                    + " answering replicas (shards " + abbreviate(shortShards) + ")" + why);
        }
    }

    private static String abbreviate(List<Integer> shards) {
        List<Integer> head = shards.subList(0, Math.min(10, shards.size()));
        return head.toString().replace("[", "").replace("]", "") + (shards.size() > head.size() ? ", ..." : "");
    }

    private final class ReplicatedQuerier implements Querier {
        private final long mint;
        private final long maxt;

        ReplicatedQuerier(long mint, long maxt) {
            this.mint = mint;
            this.maxt = maxt;
        }

        @Override
        public SeriesSet select(SelectHints hints, List<LabelMatcher> matchers) {
            long from = hints == null ? mint : Math.max(mint, hints.start());
            long to = hints == null ? maxt : Math.min(maxt, hints.end());
            Map<PlacementNode, List<ChunkedSeries>> answers = fanOut("series", reader -> {
                List<ChunkedSeries> series = new ArrayList<>();
                reader.fetch(namespace, matchers, from, to, series::add);
                return series;
            });
            TreeMap<Labels, List<List<Chunk>>> merged = new TreeMap<>();
            for (List<ChunkedSeries> series : answers.values()) {
                for (ChunkedSeries s : series) {
                    merged.computeIfAbsent(s.labels(), l -> new ArrayList<>()).add(s.chunks());
                }
            }
            List<Series> out = new ArrayList<>(merged.size());
            merged.forEach((labels, replicas) -> out.add(new MergedSeries(labels, replicas)));
            return SeriesSet.of(out);
        }

        @Override
        public List<String> labelNames(List<LabelMatcher> matchers) {
            TreeSet<String> names = new TreeSet<>(Labels.NAME_ORDER);
            fanOut("label names", reader -> reader.labelNames(namespace, matchers, mint, maxt)).values().forEach(names::addAll);
            return List.copyOf(names);
        }

        @Override
        public List<String> labelValues(String name, List<LabelMatcher> matchers) {
            TreeSet<String> values = new TreeSet<>(Labels.NAME_ORDER);
            fanOut("label values", reader -> reader.labelValues(namespace, name, matchers, mint, maxt)).values()
                    .forEach(values::addAll);
            return List.copyOf(values);
        }

        @Override
        public void close() {}
    }

    /** A series with the chunks of each replica that holds it. */
    private record MergedSeries(Labels labels, List<List<Chunk>> replicas) implements Series {
        @Override
        public SampleIterator iterator() {
            if (replicas.size() == 1) {
                return ChunkSequenceIterator.of(replicas.get(0));
            }
            List<SampleIterator> iterators = new ArrayList<>(replicas.size());
            replicas.forEach(chunks -> iterators.add(ChunkSequenceIterator.of(chunks)));
            return new ReplicaMergeIterator(iterators);
        }
    }
}
