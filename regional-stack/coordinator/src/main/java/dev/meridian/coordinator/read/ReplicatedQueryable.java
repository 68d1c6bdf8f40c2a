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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The PromQL storage SPI over a region's storage nodes: every read goes to all nodes at once
 * ({@link ReplicaFanOut}), and each series' replicas are merged by timestamp ({@link
 * ReplicaMergeIterator}). A read is complete when, for every shard, at least {@link
 * Consistency#required} of its replicas answered; otherwise it fails with a {@link
 * StorageException} naming the shards and why their replicas did not answer. With {@code one}, a
 * region answers completely while any replica of each shard is up.
 *
 * <p>Reading every replica (not just enough of them) costs fan-out but fills a replica's gaps from
 * the others, e.g. samples written while it was down.
 */
public final class ReplicatedQueryable implements Queryable {
    private final ReplicaFanOut fanOut;
    private final String namespace;

    public ReplicatedQueryable(Placement placement, Function<PlacementNode, NodeReader> nodes, String namespace,
            Consistency consistency, Duration timeout, Executor executor) {
        this.fanOut = new ReplicaFanOut(placement, nodes, consistency, timeout, executor);
        this.namespace = requireNonNull(namespace, "namespace is null");
    }

    @Override
    public Querier querier(long mint, long maxt) {
        return new ReplicatedQuerier(mint, maxt);
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
            Map<PlacementNode, List<ChunkedSeries>> answers = fanOut.call("series", reader -> {
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
            fanOut.call("label names", reader -> reader.labelNames(namespace, matchers, mint, maxt)).values().forEach(names::addAll);
            return List.copyOf(names);
        }

        @Override
        public List<String> labelValues(String name, List<LabelMatcher> matchers) {
            TreeSet<String> values = new TreeSet<>(Labels.NAME_ORDER);
            fanOut.call("label values", reader -> reader.labelValues(namespace, name, matchers, mint, maxt)).values()
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
