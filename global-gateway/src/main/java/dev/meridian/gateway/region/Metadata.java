package dev.meridian.gateway.region;

import static java.util.Objects.requireNonNull;

/**
 * One metric family's metadata as a region reports it.
 *
 * @param type Prometheus' lower-case type name: counter, gauge, histogram, gaugehistogram,
 *     summary, info, stateset or unknown
 */
public record Metadata(String family, String type, String help, String unit) {
    public Metadata {
        requireNonNull(family, "family is null");
        requireNonNull(type, "type is null");
        requireNonNull(help, "help is null");
        requireNonNull(unit, "unit is null");
    }
}
