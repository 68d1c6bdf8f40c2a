package dev.meridian.gateway.region;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A sorted list a metadata call returned, with the region's warnings. */
public record Listing<T>(List<T> items, List<String> warnings) {
    public Listing {
        items = List.copyOf(requireNonNull(items, "items is null"));
        warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
    }
}
