package dev.meridian.coordinator.region;

import static java.util.Objects.requireNonNull;

import dev.meridian.coordinator.write.ExternalLabels;

/**
 * Who a region is, as its {@code Info} call tells the global gateway.
 *
 * @param name the region's name, the value of its {@code region} label, e.g. {@code eu-west}
 * @param externalLabels the labels the region adds to every series it stores; they include
 *     {@code region="<name>"}
 */
public record RegionIdentity(String name, ExternalLabels externalLabels) {
    /** The label that carries a region's name. */
    public static final String REGION_LABEL = "region";

    /**
     * @throws IllegalArgumentException if {@code externalLabels} lack {@code region="<name>"}
     */
    public RegionIdentity {
        requireNonNull(name, "name is null");
        requireNonNull(externalLabels, "externalLabels is null");
        if (!name.equals(externalLabels.labels().get(REGION_LABEL))) {
            throw new IllegalArgumentException("externalLabels " + externalLabels + " must have " + REGION_LABEL + "=\"" + name + "\"");
        }
    }
}
