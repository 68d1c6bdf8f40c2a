package dev.meridian.storage.index;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;

/**
 * Finds series by their labels. Series are numbered by int refs; what a ref means belongs to the
 * implementation ({@link MemIndex}: the head's series refs; {@link IndexFile}: positions in the
 * block, dense from 0 in label order). Every bitmap returned is new: the caller owns it and may
 * modify it. Thread-safe.
 *
 * <p>Matchers follow Prometheus: a missing label has the value {@code ""}, so a matcher that
 * matches {@code ""} ({@code foo=""}, {@code foo!="x"}, {@code foo=~".*"}, {@code foo!~"x"})
 * also selects the series that lack the label.
 */
public interface PostingsReader {
    /** The series that match every matcher; all series when {@code matchers} is empty. */
    RoaringBitmap select(List<LabelMatcher> matchers);

    /** Every series in the index. */
    RoaringBitmap allSeries();

    /**
     * The label names that at least one of {@code series} has (of all series when {@code series}
     * is null), sorted by {@link Labels#NAME_ORDER}.
     */
    List<String> labelNames(RoaringBitmap series);

    /**
     * The values label {@code name} has among {@code series} (among all series when {@code series}
     * is null), sorted by {@link Labels#NAME_ORDER}; empty if no such series has the label.
     */
    List<String> labelValues(String name, RoaringBitmap series);
}
