package dev.meridian.storage.query;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.Series;
import dev.meridian.promql.storage.SeriesSet;
import dev.meridian.storage.ChunkedSeries;
import dev.meridian.storage.block.Block;
import dev.meridian.storage.chunk.ChunkMerger;
import dev.meridian.storage.index.PostingsReader;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.roaringbitmap.RoaringBitmap;

/**
 * Reads a {@link ReadView}: selects series across its blocks and head, merged by labels, and
 * answers label queries. What {@link StorageQuerier} (PromQL) and {@code Storage.fetch} (the node
 * API) share.
 */
public final class ViewReader {
    private final ReadView view;

    public ViewReader(ReadView view) {
        this.view = requireNonNull(view, "view is null");
    }

    /** Series matching all {@code matchers} with samples in {@code [mint, maxt]}, in label order. */
    public SeriesSet select(List<LabelMatcher> matchers, long mint, long maxt, List<String> warnings) {
        MergedParts merged = merge(matchers, mint, maxt);
        List<Series> series = new ArrayList<>();
        while (merged.next()) {
            series.add(new StorageSeries(merged.labels(), merged.parts()));
        }
        return SeriesSet.of(series, warnings);
    }

    /**
     * Hands each matching series with its chunks overlapping {@code [mint, maxt]} to {@code
     * consumer}, in label order; the head's out-of-order samples are merged into its chunks.
     * Exceptions from the consumer propagate (a cancelled stream stops the fetch that way).
     */
    public void fetch(List<LabelMatcher> matchers, long mint, long maxt, Consumer<ChunkedSeries> consumer) {
        MergedParts merged = merge(matchers, mint, maxt);
        while (merged.next()) {
            StorageSeries series = new StorageSeries(merged.labels(), merged.parts());
            long[] looseTimes = series.looseTimes();
            consumer.accept(new ChunkedSeries(merged.labels(), looseTimes.length == 0
                    ? series.chunks()
                    : ChunkMerger.merge(series.chunks(), looseTimes, series.looseValues(), view.head().encoding())));
        }
    }

    /** Label names of the matching series (all if none) in blocks overlapping the range and in the head, sorted. */
    public List<String> labelNames(List<LabelMatcher> matchers, long mint, long maxt) {
        TreeSet<String> names = new TreeSet<>(Labels.NAME_ORDER);
        for (PostingsReader index : indexes(mint, maxt)) {
            names.addAll(index.labelNames(restriction(index, matchers)));
        }
        return List.copyOf(names);
    }

    /** Values of {@code name} among the matching series, sorted. */
    public List<String> labelValues(String name, List<LabelMatcher> matchers, long mint, long maxt) {
        TreeSet<String> values = new TreeSet<>(Labels.NAME_ORDER);
        for (PostingsReader index : indexes(mint, maxt)) {
            values.addAll(index.labelValues(name, restriction(index, matchers)));
        }
        return List.copyOf(values);
    }

    private static RoaringBitmap restriction(PostingsReader index, List<LabelMatcher> matchers) {
        return matchers.isEmpty() ? null : index.select(matchers);
    }

    private List<PostingsReader> indexes(long mint, long maxt) {
        List<PostingsReader> indexes = new ArrayList<>();
        for (Block block : view.blocks()) {
            if (block.meta().overlaps(mint, maxt)) {
                indexes.add(block.index());
            }
        }
        if (view.head() != null && maxt >= view.headFrom()) {
            indexes.add(view.head().index());
        }
        return indexes;
    }

    private MergedParts merge(List<LabelMatcher> matchers, long mint, long maxt) {
        List<PartCursor> cursors = new ArrayList<>();
        for (Block block : view.blocks()) {
            if (block.meta().overlaps(mint, maxt)) {
                cursors.add(new BlockPartCursor(block, matchers, mint, maxt));
            }
        }
        if (view.head() != null && maxt >= view.headFrom()) {
            cursors.add(new HeadPartCursor(view.head(), matchers, mint, maxt, view.headFrom()));
        }
        return new MergedParts(cursors);
    }
}
