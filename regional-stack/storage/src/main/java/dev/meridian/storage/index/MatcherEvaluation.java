package dev.meridian.storage.index;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.MatchType;
import dev.meridian.storage.index.PostingsSource.LabelPostings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;

/**
 * Finds the series that match all of a list of matchers, with Prometheus' semantics, over any
 * {@link PostingsSource}. The evaluation follows the one of Prometheus' TSDB
 * ({@code PostingsForMatchers} in {@code tsdb/querier.go}): intersect the postings of the matchers
 * that narrow, then subtract those of the matchers that exclude.
 *
 * <h2>Each matcher as one set operation</h2>
 *
 * For a matcher on label {@code n}, let {@code P} be the union of the postings of the values of
 * {@code n} that its positive sense accepts ({@link ValuePattern}: the value for {@code =} and
 * {@code !=}, the regex for {@code =~} and {@code !~}), and {@code H} the series that have
 * {@code n} at all. Every series has at most one value for {@code n}, and a series without it
 * counts as having {@code ""}. So the series a matcher selects are, by whether it is negated and
 * whether its positive sense accepts {@code ""}:
 *
 * <pre>
 *                                 =, =~                             !=, !~
 *   positive sense rejects ""     P             (include P)         all - P   (exclude P)
 *   positive sense accepts ""     all - (H - P) (exclude H - P)     H - P     (include H - P)
 * </pre>
 *
 * Examples: {@code job="api"} includes {@code P}; {@code job!="api"} excludes {@code P} (and so
 * keeps series without {@code job}); {@code job=""} excludes {@code H}; {@code job!=""} includes
 * {@code H}; {@code job=~"api|"} excludes {@code H - P}, the series whose job is neither
 * {@code api} nor absent; {@code job!~""} includes {@code H}.
 *
 * <h2>Order</h2>
 *
 * Includes are intersected first, cheapest pattern first (lookups, then prefix scans, then full
 * scans), stopping as soon as the intersection is empty, so an expensive regex is not even
 * evaluated when an equality already selected nothing. Excludes are then subtracted from that
 * intersection, which is never materialized as "all series minus x" unless no matcher includes;
 * only then does the evaluation start from all series. The result is a new bitmap.
 *
 * <h2>Fast paths</h2>
 *
 * {@link ValuePattern} turns literal regexes and alternations of literals into lookups of those
 * values, a literal prefix followed by {@code .*} or {@code .+} into a range scan over the sorted
 * values that have the prefix, and {@code .*} or {@code .+} alone into {@code H} (when no value
 * holds a {@code '\n'}, which RE2's {@code .} does not match). So {@code job=~".*"} costs nothing
 * ({@code H - P} is empty) and {@code job=~".+"} is {@code H}. Unlike Prometheus 2.42, whose
 * {@code .*} fast path also selects values with a newline that its own regex rejects, every fast
 * path here selects exactly what {@link LabelMatcher#matches(String)} accepts.
 */
final class MatcherEvaluation {
    private MatcherEvaluation() {}

    /** The series of {@code source} that match all {@code matchers}, as a new bitmap. */
    static RoaringBitmap select(PostingsSource source, List<LabelMatcher> matchers) {
        return select(source, matchers, true);
    }

    /**
     * As {@link #select(PostingsSource, List)}; with {@code fastPaths} false every regex is
     * tested against every value, which tests use as the reference for the fast paths.
     */
    static RoaringBitmap select(PostingsSource source, List<LabelMatcher> matchers, boolean fastPaths) {
        requireNonNull(source, "source is null");
        requireNonNull(matchers, "matchers is null");
        List<Step> includes = new ArrayList<>();
        List<Step> excludes = new ArrayList<>();
        for (LabelMatcher matcher : matchers) {
            Step step = Step.of(requireNonNull(matcher, "matcher is null"), fastPaths);
            (step.include ? includes : excludes).add(step);
        }
        includes.sort(Comparator.comparingInt(Step::cost));
        excludes.sort(Comparator.comparingInt(Step::cost));

        RoaringBitmap result = null;
        boolean owned = false; // Whether result is ours, not a bitmap of the source.
        for (Step step : includes) {
            RoaringBitmap postings = step.postings(source);
            if (result == null) {
                result = postings;
            } else {
                result = RoaringBitmap.and(result, postings);
                owned = true;
            }
            if (result.isEmpty()) {
                return new RoaringBitmap();
            }
        }
        if (result == null) {
            result = source.allSeries();
        }
        for (Step step : excludes) {
            if (result.isEmpty()) {
                break;
            }
            RoaringBitmap postings = step.postings(source);
            if (!postings.isEmpty()) {
                result = RoaringBitmap.andNot(result, postings);
                owned = true;
            }
        }
        return owned ? result : result.clone();
    }

    /**
     * One matcher as a set operation: include (intersect with) or exclude (subtract) either
     * {@code P} or, if {@code complement}, {@code H - P}.
     */
    private record Step(ValuePattern pattern, String name, boolean include, boolean complement) {
        static Step of(LabelMatcher matcher, boolean fastPaths) {
            boolean negated = matcher.type() == MatchType.NOT_EQUAL || matcher.type() == MatchType.NOT_REGEX;
            boolean positiveAcceptsEmpty = matcher.matchesEmpty() != negated;
            ValuePattern pattern = fastPaths ? ValuePattern.of(matcher) : ValuePattern.scan(matcher);
            // The table in the class comment: negated and positiveAcceptsEmpty decide both.
            return new Step(pattern, matcher.name(), negated == positiveAcceptsEmpty, positiveAcceptsEmpty);
        }

        int cost() {
            return pattern.cost();
        }

        /** The set this step includes or excludes. Must not be modified. */
        RoaringBitmap postings(PostingsSource source) {
            LabelPostings label = source.label(name);
            if (label == null) {
                return new RoaringBitmap();
            }
            RoaringBitmap accepted = pattern.postings(label);
            if (!complement) {
                return accepted;
            }
            RoaringBitmap withLabel = label.seriesWithLabel();
            return accepted == withLabel ? new RoaringBitmap() : RoaringBitmap.andNot(withLabel, accepted);
        }
    }
}
