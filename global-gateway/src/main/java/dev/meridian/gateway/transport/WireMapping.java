package dev.meridian.gateway.transport;

import dev.meridian.gateway.region.Metadata;
import dev.meridian.gateway.region.RegionInfo;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.proto.region.MatcherSet;
import dev.meridian.proto.remote.Label;
import dev.meridian.proto.remote.MetricMetadata;
import dev.meridian.proto.remote.ReadHints;
import java.util.List;

/**
 * Converts between region.proto / remote.proto messages and the gateway's values. Decoding
 * throws {@link IllegalArgumentException} naming the bad field; callers turn that into an
 * INTERNAL region failure.
 */
final class WireMapping {
    private WireMapping() {}

    static List<dev.meridian.proto.remote.LabelMatcher> toWire(List<LabelMatcher> matchers) {
        return matchers.stream().map(WireMapping::toWire).toList();
    }

    static dev.meridian.proto.remote.LabelMatcher toWire(LabelMatcher matcher) {
        dev.meridian.proto.remote.LabelMatcher.Type type = switch (matcher.type()) {
            case EQUAL -> dev.meridian.proto.remote.LabelMatcher.Type.EQ;
            case NOT_EQUAL -> dev.meridian.proto.remote.LabelMatcher.Type.NEQ;
            case REGEX -> dev.meridian.proto.remote.LabelMatcher.Type.RE;
            case NOT_REGEX -> dev.meridian.proto.remote.LabelMatcher.Type.NRE;
        };
        return dev.meridian.proto.remote.LabelMatcher.newBuilder()
                .setType(type)
                .setName(matcher.name())
                .setValue(matcher.value())
                .build();
    }

    static List<MatcherSet> toWireSets(List<List<LabelMatcher>> matcherSets) {
        return matcherSets.stream().map(set -> MatcherSet.newBuilder().addAllMatchers(toWire(set)).build()).toList();
    }

    static ReadHints toWire(SelectHints hints) {
        return ReadHints.newBuilder()
                .setStepMs(hints.step())
                .setFunc(hints.function())
                .setStartMs(hints.start())
                .setEndMs(hints.end())
                .addAllGrouping(hints.grouping())
                .setBy(hints.by())
                .setRangeMs(hints.range())
                .build();
    }

    /** A label set as sent: names must be non-empty and not repeated. */
    static Labels fromWire(List<Label> labels) {
        Labels.Builder builder = Labels.builder();
        for (Label label : labels) {
            if (label.getName().isEmpty()) {
                throw new IllegalArgumentException("a label has an empty name (value: " + label.getValue() + ")");
            }
            if (builder.has(label.getName())) {
                throw new IllegalArgumentException("label " + label.getName() + " repeated in one label set");
            }
            builder.set(label.getName(), label.getValue());
        }
        return builder.build();
    }

    static RegionInfo fromWire(dev.meridian.proto.region.RegionInfo info) {
        if (info.getName().isEmpty()) {
            throw new IllegalArgumentException("RegionInfo has no name");
        }
        return new RegionInfo(info.getName(), fromWire(info.getExternalLabelsList()), info.getMinTimeMs(),
                info.getMaxTimeMs(), info.getLookbackDeltaMs());
    }

    static Metadata fromWire(MetricMetadata metadata) {
        return new Metadata(metadata.getMetricFamilyName(), typeName(metadata.getType()), metadata.getHelp(),
                metadata.getUnit());
    }

    /** Prometheus' lower-case metric type name, e.g. {@code gaugehistogram}. */
    static String typeName(MetricMetadata.MetricType type) {
        return switch (type) {
            case UNKNOWN -> "unknown";
            case COUNTER -> "counter";
            case GAUGE -> "gauge";
            case HISTOGRAM -> "histogram";
            case GAUGEHISTOGRAM -> "gaugehistogram";
            case SUMMARY -> "summary";
            case INFO -> "info";
            case STATESET -> "stateset";
            // A type added to remote.proto after this client was built: Prometheus shows it as unknown too.
            case UNRECOGNIZED -> "unknown";
        };
    }
}
