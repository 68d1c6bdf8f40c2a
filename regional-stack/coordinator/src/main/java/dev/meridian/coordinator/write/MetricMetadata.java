package dev.meridian.coordinator.write;

import static java.util.Objects.requireNonNull;

import dev.meridian.storage.metadata.FamilyMetadata;
import dev.meridian.storage.metadata.MetricType;
import java.util.Locale;

/**
 * Type, help and unit of one metric family, as a remote write carries them (kept on the storage
 * nodes for {@code /api/v1/metadata}; {@link #toFamilyMetadata} and {@link #of} convert to and
 * from the nodes' form).
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
     * The storage nodes' form of this entry, received by a coordinator at {@code receivedMs}.
     *
     * @throws IllegalArgumentException if it breaks a rule of {@link FamilyMetadata} (see {@link
     *     FamilyMetadata#problem})
     */
    public FamilyMetadata toFamilyMetadata(long receivedMs) {
        return new FamilyMetadata(family, MetricType.valueOf(type.name()), help, unit, receivedMs);
    }

    /** An entry as a storage node holds it, without its receive time. */
    public static MetricMetadata of(FamilyMetadata entry) {
        return new MetricMetadata(entry.family(), Type.valueOf(entry.type().name()), entry.help(), entry.unit());
    }

    /** The metric types of Prometheus' exposition formats, in the order of remote.proto (and of storage's {@link MetricType}). */
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
