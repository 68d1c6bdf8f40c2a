package dev.meridian.gateway.plan;

import static java.util.Objects.requireNonNull;

import dev.meridian.gateway.region.RegionInfo;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.syntax.Quoting;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Skips the regions a part of the plan cannot get any series from. A region may contribute to a
 * part if at least one selector of the part may select series there, that is if both:
 *
 * <ul>
 *   <li>every matcher of the selector on one of the region's external label names accepts the
 *       region's value for it ({@code {region="eu-west"}}, {@code region=~"eu.*"},
 *       {@code region!="x"}; series carry the external labels, so no series of the region can
 *       satisfy a matcher that rejects them), and
 *   <li>the region's {@code [minTime, maxTime]} overlaps the time range the selector reads
 *       ({@link ReadRanges}).
 * </ul>
 *
 * A LOCAL sub-expression or a partial aggregation over a region without any selected series is
 * empty there, so skipping the region does not change the result.
 *
 * <pre>
 * before: sum(rate(x{region=~"eu-.*"}[5m]))  -> eu-west, us-east, ap-south
 * after:  sum(rate(x{region=~"eu-.*"}[5m]))  -> eu-west
 *         pruned: us-east, ap-south (external label region="..." does not match region=~"eu-.*")
 * </pre>
 */
public final class PruneRegions {
    private PruneRegions() {}

    /** The regions that may hold series of any of {@code reads}, and the others with the reason. */
    public static RegionTargets prune(List<SelectorRead> reads, List<RegionInfo> regions) {
        requireNonNull(reads, "reads is null");
        requireNonNull(regions, "regions is null");
        List<String> targets = new ArrayList<>();
        List<PrunedRegion> pruned = new ArrayList<>();
        for (RegionInfo region : regions) {
            Set<String> reasons = new LinkedHashSet<>();
            for (SelectorRead read : reads) {
                String reason = reasonToSkip(read, region);
                if (reason == null) {
                    reasons.clear();
                    break;
                }
                reasons.add(reason);
            }
            if (reads.isEmpty()) {
                reasons.add("reads no series");
            }
            if (reasons.isEmpty()) {
                targets.add(region.name());
            } else {
                pruned.add(new PrunedRegion(region.name(), String.join("; ", reasons)));
            }
        }
        return new RegionTargets(targets, List.of(), pruned);
    }

    /** Why {@code region} cannot hold series of {@code read}, or {@code null} if it may. */
    public static String reasonToSkip(SelectorRead read, RegionInfo region) {
        Labels external = region.externalLabels();
        for (LabelMatcher matcher : read.matchers()) {
            if (external.has(matcher.name()) && !matcher.matches(external.get(matcher.name()))) {
                return "external label " + matcher.name() + "=" + Quoting.quote(external.get(matcher.name()))
                        + " does not match " + matcher;
            }
        }
        if (!region.overlaps(read.start(), read.end())) {
            if (region.minTime() > region.maxTime()) {
                return "holds no samples yet";
            }
            return "holds samples in [" + region.minTime() + ", " + region.maxTime() + "] only, the selector reads ["
                    + read.start() + ", " + read.end() + "]";
        }
        return null;
    }
}
