package dev.meridian.coordinator.region;

import dev.meridian.api.MetricMetadata;
import dev.meridian.promql.ErrorCode;
import dev.meridian.promql.PromqlException;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.labels.MatchType;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.proto.region.MatcherSet;
import dev.meridian.proto.remote.Label;
import dev.meridian.proto.remote.ReadHints;
import java.util.ArrayList;
import java.util.List;

/**
 * Conversions between region.proto's messages and the storage SPI's values. What a request gets
 * wrong is a {@link PromqlException} with {@link ErrorCode#INVALID_ARGUMENT} naming the field, so
 * that {@link RegionStatuses} answers it as INVALID_ARGUMENT (bad_data).
 */
final class RegionMessages {
    private RegionMessages() {}

    /** A request's problem: INVALID_ARGUMENT, errorType bad_data. */
    static PromqlException invalid(String message) {
        return new PromqlException(ErrorCode.INVALID_ARGUMENT, message);
    }

    /**
     * PromQL matchers of the proto's, as a selector's: anchored RE2 regular expressions.
     *
     * @param field the request field, for messages, e.g. {@code matcher_sets[1].matchers}
     */
    static List<LabelMatcher> matchers(String field, List<dev.meridian.proto.remote.LabelMatcher> matchers) {
        List<LabelMatcher> out = new ArrayList<>(matchers.size());
        for (int i = 0; i < matchers.size(); i++) {
            dev.meridian.proto.remote.LabelMatcher m = matchers.get(i);
            String where = field + "[" + i + "] on label \"" + m.getName() + "\"";
            MatchType type = switch (m.getTypeValue()) {
                case dev.meridian.proto.remote.LabelMatcher.Type.EQ_VALUE -> MatchType.EQUAL;
                case dev.meridian.proto.remote.LabelMatcher.Type.NEQ_VALUE -> MatchType.NOT_EQUAL;
                case dev.meridian.proto.remote.LabelMatcher.Type.RE_VALUE -> MatchType.REGEX;
                case dev.meridian.proto.remote.LabelMatcher.Type.NRE_VALUE -> MatchType.NOT_REGEX;
                default -> throw invalid(where + ": unknown matcher type " + m.getTypeValue()
                        + " (expected 0 EQ, 1 NEQ, 2 RE or 3 NRE)");
            };
            if (m.getName().isEmpty()) {
                throw invalid(field + "[" + i + "]: the label name is empty");
            }
            try {
                out.add(LabelMatcher.of(type, m.getName(), m.getValue()));
            } catch (IllegalArgumentException e) {
                throw invalid(where + ": " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * The matcher sets of a Series, LabelNames or LabelValues request. Each set needs a matcher
     * that does not match the empty string, as each of Prometheus' {@code match[]} does, so that
     * no set selects every series.
     */
    static List<List<LabelMatcher>> matcherSets(List<MatcherSet> sets) {
        List<List<LabelMatcher>> out = new ArrayList<>(sets.size());
        for (int i = 0; i < sets.size(); i++) {
            List<LabelMatcher> set = matchers("matcher_sets[" + i + "].matchers", sets.get(i).getMatchersList());
            if (set.stream().allMatch(LabelMatcher::matchesEmpty)) {
                throw invalid("matcher_sets[" + i + "] must contain at least one matcher that does not match the empty string");
            }
            out.add(set);
        }
        return out;
    }

    /**
     * A Store request's hints as storage advice. Storage may narrow its read to the hints' range,
     * so hints whose range is unusable (none, inverted, or not overlapping the request) get the
     * request's range, as remote read's decoder does.
     */
    static SelectHints hints(long start, long end, boolean hasHints, ReadHints hints) {
        if (!hasHints) {
            return SelectHints.ofRange(start, end);
        }
        long from = hints.getStartMs();
        long to = hints.getEndMs();
        if (from > to || to < start || from > end) {
            from = start;
            to = end;
        }
        return new SelectHints(from, to, hints.getStepMs(), hints.getRangeMs(), hints.getFunc(), hints.getGroupingList(),
                hints.getBy());
    }

    /** Labels as proto labels, in the same (name) order. */
    static List<Label> labels(Labels labels) {
        List<Label> out = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            out.add(Label.newBuilder().setName(labels.name(i)).setValue(labels.value(i)).build());
        }
        return out;
    }

    static dev.meridian.proto.remote.MetricMetadata metadata(MetricMetadata m) {
        return dev.meridian.proto.remote.MetricMetadata.newBuilder()
                .setMetricFamilyName(m.family())
                // MetricMetadata.Type lists remote.proto's types in their number order.
                .setTypeValue(m.type().ordinal())
                .setHelp(m.help())
                .setUnit(m.unit())
                .build();
    }
}
