package dev.meridian.storage.index;

import java.util.function.Predicate;
import org.roaringbitmap.RoaringBitmap;

/**
 * What {@link MatcherEvaluation} needs from an index: the postings of each label's values, found
 * by exact value or by a scan over the values in sorted order. Bitmaps handed out may be the
 * index's own: callers must not modify them.
 */
interface PostingsSource {
    /** Every series. */
    RoaringBitmap allSeries();

    /** The label called {@code name}, or null if no series has it. */
    LabelPostings label(String name);

    /** One label name's values and their postings. Values are never empty. */
    interface LabelPostings {
        /** The series that have this label, i.e. the union of the postings of all its values. */
        RoaringBitmap seriesWithLabel();

        /** Whether a value contains {@code '\n'}, which RE2's {@code .} does not match. */
        boolean hasValueWithNewline();

        /** The series whose value is {@code value}, or null if none is. */
        RoaringBitmap postings(String value);

        /**
         * The union of the postings of the values that start with {@code prefix} and that
         * {@code accept} accepts. Visits the values from the first one with the prefix to the last,
         * without looking at the others; {@code prefix = ""} visits all.
         */
        RoaringBitmap union(String prefix, Predicate<String> accept);
    }
}
