package dev.meridian.gateway.exec;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A metadata answer over the regions: merged items (sorted, unique), warnings and coverage. */
public record GatewayListing<T>(List<T> items, List<String> warnings, Coverage coverage) {
    public GatewayListing {
        items = List.copyOf(requireNonNull(items, "items is null"));
        warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
        requireNonNull(coverage, "coverage is null");
    }
}
