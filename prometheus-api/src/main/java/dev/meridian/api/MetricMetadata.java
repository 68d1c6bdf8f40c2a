package dev.meridian.api;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * Type, help and unit of one metric family, as a Prometheus remote write carries them and as
 * {@code /api/v1/metadata} lists them ({@code {"type":"counter","help":"…","unit":""}}). The
 * coordinator converts to and from its storage nodes' form ({@code MetadataMapping}).
 *
 * @param family the metric family name, e.g. {@code http_requests} for {@code http_requests_total}
 * @param type the family's type
 * @param help the HELP text, may be empty
 * @param unit the unit, may be empty
 */
public record MetricMetadata(String family, Type type, String help, String unit) {
    public MetricMetadata {
        requireNonNull(family, "family is null");
        requireNonNull(type, "type is null");
        requireNonNull(help, "help is null");
        requireNonNull(unit, "unit is null");
    }

    /**
     * The metric types of Prometheus' exposition formats, in the order of remote.proto's
     * {@code MetricMetadata.MetricType} (the remote-write decoder maps its numbers by this order).
     */
    public enum Type {
        UNKNOWN,
        COUNTER,
        GAUGE,
        HISTOGRAM,
        GAUGEHISTOGRAM,
        SUMMARY,
        INFO,
        STATESET;

        /** The lower-case name {@code /api/v1/metadata} answers with, e.g. {@code counter}. */
        public String promName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
