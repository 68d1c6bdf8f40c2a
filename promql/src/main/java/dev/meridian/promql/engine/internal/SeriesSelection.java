package dev.meridian.promql.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.storage.Series;
import dev.meridian.promql.storage.SeriesSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The series of one selector, selected from the query's querier on first use. The querier is
 * opened after planning, once the time range of all selectors is known.
 */
public final class SeriesSelection {
    private final Supplier<Querier> querier;
    private final List<LabelMatcher> matchers;
    private final SelectHints hints;
    private final QueryContext ctx;
    private List<Series> series;

    public SeriesSelection(Supplier<Querier> querier, List<LabelMatcher> matchers, SelectHints hints, QueryContext ctx) {
        this.querier = requireNonNull(querier, "querier is null");
        this.matchers = List.copyOf(matchers);
        this.hints = requireNonNull(hints, "hints is null");
        this.ctx = requireNonNull(ctx, "ctx is null");
    }

    public List<Series> series() {
        if (series == null) {
            SeriesSet set = querier.get().select(hints, matchers);
            List<Series> selected = new ArrayList<>();
            while (set.next()) {
                ctx.checkInterruptedOccasionally();
                selected.add(set.at());
            }
            ctx.addWarnings(set.warnings());
            series = selected;
        }
        return series;
    }

    public List<Labels> labels() {
        List<Series> all = series();
        List<Labels> labels = new ArrayList<>(all.size());
        for (Series s : all) {
            labels.add(s.labels());
        }
        return labels;
    }
}
